// The hbmod extension: starts `hbmod lsp` (the binary from the `hbmod.path` setting) for
// .hb files. Highlighting comes from syntaxes/hbmod.tmLanguage.json without it.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("hbmod").get("path") || "hbmod";
  client = new LanguageClient(
    "hbmod",
    "hbmod",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "hbmod" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
