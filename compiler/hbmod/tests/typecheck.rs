//! The type-checking corpus: each `corpus/typecheck/*.hb` file in, checked against the embedded
//! catalog as if it were `services/web/site.hb`, an assertion on its diagnostics' codes and
//! positions plus a snapshot of how they render out.
//!
//! Line 1 is the expectation, as in the malformed corpus: `# expect: HB0031 at 7:1`.
//! Line 2 lists the repository's files, relative to its root:
//! `# files: services/web/dist/index.html, services/web/dist/app.js` (`outside:PATH` marks a
//! symlink that leaves the repository). Cases that must pass say `# expect: nothing`.
//! `HBMOD_UPDATE_EXPECT=1 INSTA_UPDATE=always` rewrites line 1 and the snapshot with what the
//! checker reports now: read both diffs before committing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::diagnostic::render;
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

fn header<'a>(text: &'a str, line: usize, prefix: &str) -> &'a str {
    let found = text.lines().nth(line).unwrap_or_default();
    found
        .strip_prefix(prefix)
        .unwrap_or_else(|| {
            panic!(
                "line {} must start with `{prefix}`, found {found:?}",
                line + 1
            )
        })
        .trim()
}

#[test]
fn typecheck_corpus() {
    let catalog = Catalog::load(&embedded_files()).expect("the embedded catalog loads");
    insta::glob!("corpus/typecheck/*.hb", |path| {
        let text = std::fs::read_to_string(path).expect("readable case");
        let name = format!("typecheck/{}", path.file_name().unwrap().to_string_lossy());
        let expected = header(&text, 0, "# expect:");
        let listed = header(&text, 1, "# files:");
        let mut files = Vec::new();
        let mut outside = Vec::new();
        for entry in listed.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.strip_prefix("outside:") {
                Some(link) => outside.push(link),
                None => files.push(entry),
            }
        }
        let mut world = MemoryWorld::with_files(&files);
        for link in outside {
            world = world.with_outside_link(link);
        }
        let input = hbmod::BuildInput {
            catalog: &catalog,
            world: &world,
            spec: SpecContext {
                spec_path: "services/web/site.hb",
                output_dir: "services/web/terraform",
            },
            environments: hbmod::stdlib::DEFAULT_ENVIRONMENTS,
            config: None,
        };
        let source = SourceFile::new(&name, text.clone());
        let (generated, diagnostics) = hbmod::build(&source, &input);
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let p = source.position(d.primary_span().start);
                format!("{} at {}:{}", d.code, p.line, p.column)
            })
            .collect();
        let found = if found.is_empty() {
            "nothing".to_string()
        } else {
            found.join(", ")
        };
        if found != expected && std::env::var_os("HBMOD_UPDATE_EXPECT").is_some() {
            // Rewrites line 1 with what the checker reports; read the snapshot diff after.
            let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
            std::fs::write(path, format!("# expect: {found}\n{rest}")).unwrap();
        } else {
            assert_eq!(found, expected, "{name}: codes and positions differ");
        }
        assert_eq!(
            generated.is_some(),
            diagnostics.is_empty(),
            "{name}: output exactly when there is no diagnostic"
        );
        for d in &diagnostics {
            assert!(d.help.is_some(), "{name}: {} has no help line", d.code);
        }
        let rendered = render::human(&source, &diagnostics, false);
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{}\n----- DIAGNOSTICS\n{rendered}",
            render::visible(&text)
        ));
    });
}
