//! A catalog index (and each module's README) in, documentation out: per module a README with
//! Inputs/Outputs tables in terraform-docs' markdown table format between
//! `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->`, and one self-contained HTML page with
//! offline search (inline CSS, JS and data; no network).

use std::fmt::Write as _;

use super::index::{Index, ModuleEntry};

/// The marker before the generated tables.
pub const BEGIN: &str = "<!-- BEGIN_TF_DOCS -->";
/// The marker after them.
pub const END: &str = "<!-- END_TF_DOCS -->";

/// `readme` with the generated tables between the markers: replaced if the markers are there,
/// appended otherwise.
pub fn readme(module: &ModuleEntry, readme: &str) -> String {
    let tables = format!("{BEGIN}\n{}{END}\n", tables(module));
    if let (Some(start), Some(end)) = (readme.find(BEGIN), readme.find(END)) {
        if start < end {
            let before = readme.get(..start).unwrap_or_default();
            let after = readme.get(end + END.len()..).unwrap_or_default();
            return format!("{before}{}{}", tables.trim_end(), after);
        }
    }
    let mut out = if readme.trim().is_empty() {
        format!("# {}\n\n{}\n", module.name, module.summary)
    } else {
        readme.trim_end().to_string() + "\n"
    };
    out.push('\n');
    out.push_str(&tables);
    out
}

/// The Inputs and Outputs tables as terraform-docs prints them (`markdown table`).
pub fn tables(module: &ModuleEntry) -> String {
    let mut out = String::from("## Inputs\n\n");
    if module.params.is_empty() {
        out.push_str("No inputs.\n");
    } else {
        out.push_str("| Name | Description | Type | Default | Required |\n");
        out.push_str("|------|-------------|------|---------|:--------:|\n");
        for p in &module.params {
            let default = match (&p.default_in_spec, &p.default, p.required) {
                (_, _, true) => "n/a".to_string(),
                (Some(written), _, _) => format!("`{}`", cell(written)),
                (None, Some(value), _) => format!("`{}`", cell(&value.to_string())),
                (None, None, false) => "`null`".to_string(),
            };
            let _ = writeln!(
                out,
                "| <a name=\"input_{n}\"></a> [{e}](#input\\_{e}) | {} | `{}` | {default} | {} |",
                prose(&p.doc),
                cell(&p.ty),
                if p.required { "yes" } else { "no" },
                n = p.name,
                e = p.name.replace('_', "\\_"),
            );
        }
    }
    out.push_str("\n## Outputs\n\n");
    if module.outputs.is_empty() {
        out.push_str("No outputs.\n");
    } else {
        out.push_str("| Name | Description |\n|------|-------------|\n");
        for o in &module.outputs {
            let _ = writeln!(
                out,
                "| <a name=\"output_{n}\"></a> [{e}](#output\\_{e}) | {} |",
                prose(&o.doc),
                n = o.name,
                e = o.name.replace('_', "\\_"),
            );
        }
    }
    out
}

/// Text for one markdown table cell: pipes escaped, newlines as `<br>`.
fn cell(text: &str) -> String {
    text.trim().replace('|', "\\|").replace('\n', "<br>")
}

/// Prose for a table cell: also `<` and `>` escaped, so `<account>` is not taken for HTML.
fn prose(text: &str) -> String {
    cell(&text.replace('<', "&lt;").replace('>', "&gt;"))
}

/// The catalog page: module list, search box, details; works from `file://` with no network.
/// The search box starts with `?q=` or `#q=` from the URL, so a link can open a search.
/// `examples` gives each module's example shown on the page (module name, spec text).
pub fn html(index: &Index, examples: &[(String, String)]) -> String {
    let data = serde_json::to_string(index)
        .unwrap_or_default()
        // Inside <script>, `</` could close the element: escape it (and U+2028/9 for old engines).
        .replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    let mut rows = String::new();
    for m in &index.modules {
        let _ = writeln!(
            rows,
            "<li class=\"module\" id=\"module-{n}\" data-name=\"{n}\"><a href=\"#module-{n}\"><span class=\"name\">{n}</span> <span class=\"version\">{v}</span></a><p>{s}</p><details><summary>{} parameters, {} outputs</summary>{}<div class=\"body\" data-module=\"{n}\"></div></details></li>",
            m.params.len(),
            m.outputs.len(),
            examples
                .iter()
                .find(|(module, _)| *module == m.name)
                .map_or(String::new(), |(_, text)| format!(
                    "<pre class=\"example\"><code>{}</code></pre>",
                    escape(text.trim_end())
                )),
            n = escape(&m.name),
            v = escape(&m.version),
            s = escape(&m.summary),
        );
    }
    PAGE.replace("{{version}}", &escape(&index.version))
        .replace("{{count}}", &index.modules.len().to_string())
        .replace("{{rows}}", &rows)
        .replace("{{data}}", &data)
}

/// The bundle's front page (`DIR/index.html`): every published version, newest first, each
/// linking to its catalog page. `versions` are `(version, module count)`, in any order.
pub fn versions_page(versions: &[(super::index::Version, usize)]) -> String {
    let mut sorted = versions.to_vec();
    sorted.sort_by_key(|v| std::cmp::Reverse(v.0));
    let mut rows = String::new();
    for (at, (version, modules)) in sorted.iter().enumerate() {
        let _ = writeln!(
            rows,
            "<li><a href=\"{version}/index.html\">{version}</a> · {modules} modules{}</li>",
            if at == 0 { " · newest" } else { "" }
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>hbmod catalog versions</title>\n<style>body {{ font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }} a {{ color: #2f6fde; font-weight: 600; }}</style>\n</head>\n<body>\n<h1>hbmod module catalog</h1>\n<p>Published versions; each page lists its modules with search.</p>\n<ul id=\"versions\">\n{rows}</ul>\n</body>\n</html>\n"
    )
}

/// Text escaped for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>hbmod catalog {{version}}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #1d2430; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.sub { color: #5b6575; margin: 0 0 1rem; }
#search { width: 100%; box-sizing: border-box; font-size: 1.1rem; padding: .6rem .8rem; border: 2px solid #9aa4b2; border-radius: 6px; }
#search:focus { outline: none; border-color: #2f6fde; }
#count { color: #5b6575; margin: .5rem 0 1rem; }
ul#modules { list-style: none; padding: 0; margin: 0; }
li.module { border: 1px solid #d8dde5; border-radius: 6px; padding: .75rem 1rem; margin-bottom: .75rem; }
li.module > a { text-decoration: none; color: inherit; }
.name { font-weight: 700; font-size: 1.15rem; font-family: ui-monospace, monospace; color: #2f6fde; }
.version { color: #5b6575; font-size: .9rem; }
li.module p { margin: .25rem 0 .5rem; }
summary { cursor: pointer; color: #2f6fde; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #e5e8ee; padding: .3rem .5rem; }
pre.example { background: #f1f3f6; border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; font-size: .85rem; margin: .5rem 0; }
pre.example code { background: none; padding: 0; }
code { font-family: ui-monospace, monospace; font-size: .85rem; background: #f1f3f6; padding: 0 .2rem; border-radius: 3px; }
[hidden] { display: none !important; }
</style>
</head>
<body>
<h1>hbmod module catalog</h1>
<p class="sub">Version {{version}} · {{count}} modules · write <code>module name &lt; param = value &gt;</code> in a spec</p>
<input id="search" type="search" placeholder="Search modules, parameters and outputs (e.g. queue, domain, fifo)" autofocus aria-label="Search modules">
<p id="count" aria-live="polite">{{count}} of {{count}} modules</p>
<ul id="modules">
{{rows}}</ul>
<p id="none" hidden>No module matches. Try a shorter word.</p>
<script id="catalog-data" type="application/json">{{data}}</script>
<script>
(function () {
  var index = JSON.parse(document.getElementById("catalog-data").textContent);
  var byName = {};
  index.modules.forEach(function (m) { byName[m.name] = m; });
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function haystack(m) {
    var words = [m.name, m.summary];
    m.params.forEach(function (p) { words.push(p.name, p.type, p.doc); });
    m.outputs.forEach(function (o) { words.push(o.name, o.doc); });
    m.grants.forEach(function (g) { words.push(g.name, g.doc); });
    return words.join(" ").toLowerCase();
  }
  var items = Array.prototype.slice.call(document.querySelectorAll("li.module"));
  items.forEach(function (li) {
    var m = byName[li.getAttribute("data-name")];
    var html = "<table><tr><th>Parameter</th><th>Type</th><th>Default</th><th>Description</th></tr>";
    m.params.forEach(function (p) {
      html += "<tr><td><code>" + esc(p.name) + "</code></td><td><code>" + esc(p.type) + "</code></td><td>" +
        (p.required ? "required" : (p.default === undefined ? "optional" : "<code>" + esc(p.default_in_spec ?? JSON.stringify(p.default)) + "</code>")) +
        "</td><td>" + esc(p.doc) + "</td></tr>";
    });
    html += "</table>";
    if (m.outputs.length) {
      html += "<table><tr><th>Output</th><th>Type</th><th>Description</th></tr>";
      m.outputs.forEach(function (o) { html += "<tr><td><code>" + esc(o.name) + "</code></td><td><code>" + esc(o.type) + "</code></td><td>" + esc(o.doc) + "</td></tr>"; });
      html += "</table>";
    }
    if (m.grants.length) {
      html += "<table><tr><th>Grant</th><th>Description</th></tr>";
      m.grants.forEach(function (g) { html += "<tr><td><code>" + esc(g.name) + "</code></td><td>" + esc(g.doc) + "</td></tr>"; });
      html += "</table>";
    }
    li.querySelector(".body").innerHTML = html;
    li.haystack = haystack(m);
    li.nameText = m.name.toLowerCase();
  });
  var input = document.getElementById("search");
  var list = document.getElementById("modules");
  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    var ranked = items.map(function (li, at) {
      var match = words.every(function (w) { return li.haystack.indexOf(w) >= 0; });
      li.hidden = !match;
      if (match) { shown++; }
      // Modules whose name holds a word come first, then catalog order.
      var named = words.some(function (w) { return li.nameText.indexOf(w) >= 0; });
      return { li: li, key: (named ? 0 : 1000) + at };
    });
    ranked.sort(function (a, b) { return a.key - b.key; });
    ranked.forEach(function (r) { list.appendChild(r.li); });
    // One match: show its parameters straight away.
    ranked.forEach(function (r) { if (shown === 1 && !r.li.hidden) { r.li.querySelector("details").open = true; } });
    document.getElementById("count").textContent = shown + " of " + items.length + " modules";
    document.getElementById("none").hidden = shown > 0;
  }
  var query = /[?#&]q=([^&#]*)/.exec(location.search + location.hash);
  if (query) { input.value = decodeURIComponent(query[1].replace(/\+/g, " ")); }
  input.addEventListener("input", filter);
  filter();
})();
</script>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{embedded_files, Catalog};

    #[test]
    fn tables_follow_terraform_docs() {
        let files = embedded_files();
        let catalog = Catalog::load(&files).unwrap();
        let index = crate::publish::index::build(&catalog, &files, "1.0.0");
        let queue = index.modules.iter().find(|m| m.name == "queue").unwrap();
        let text = readme(queue, "# queue\n");
        assert!(text.contains("<!-- BEGIN_TF_DOCS -->\n## Inputs\n\n| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n"), "{text}");
        assert!(text.contains("| <a name=\"input_max_receive_count\"></a> [max\\_receive\\_count](#input\\_max\\_receive\\_count) |"), "{text}");
        assert!(text.contains("| `int(1..1000)` | `5` | no |"), "{text}");
        assert!(text.contains("| <a name=\"output_dlq_arn\"></a> [dlq\\_arn](#output\\_dlq\\_arn) | The dead-letter queue's ARN (for alarms on its depth) |\n"), "{text}");
        // `<account>` in prose is not an HTML tag; types stay literal inside backticks.
        let spa = readme(index.modules.iter().find(|m| m.name == "spa").unwrap(), "");
        assert!(spa.contains(":&lt;account&gt;:global/webacl/"), "{spa}");
        assert!(spa.contains("| `list<domain>` | `[]` | no |"), "{spa}");
        // Regenerating replaces the tables between the markers.
        assert_eq!(readme(queue, &text), text);
        let page = html(
            &index,
            &[("queue".to_string(), "queue jobs < >\n".to_string())],
        );
        assert!(page.contains("<pre class=\"example\"><code>queue jobs &lt; &gt;</code></pre>"));
        assert!(page.contains("id=\"module-queue\""));
        assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
    }
}
