// The client of the guideline language server: starts `guideline lsp` (the setting
// `guideline.serverPath`, default `guideline` on PATH) over stdio for `.guideline` files.
// When the server cannot start, or stops, the author is told so in a message with the reason
// and what to do: it never fails silently.
"use strict";

const vscode = require("vscode");
const { LanguageClient, State } = require("vscode-languageclient/node");

let client = null;
let output = null;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration("guideline").get("serverPath");
  return typeof configured === "string" && configured.trim() ? configured.trim() : "guideline";
}

function explain(command, error) {
  const reason = error && error.message ? error.message : String(error);
  const missing = error && (error.code === "ENOENT" || /ENOENT/.test(reason));
  const hint = missing
    ? `'${command}' was not found. Install the toolchain (pip install -e .) or set "guideline.serverPath" to the full path of its guideline command.`
    : `See the "Guideline" output for details, or set "guideline.serverPath".`;
  return `The guideline language server could not start (${command} lsp): ${reason}. ${hint}`;
}

async function start(context) {
  const command = serverCommand();
  output = output || vscode.window.createOutputChannel("Guideline");
  const serverOptions = { command, args: ["lsp"], options: { env: process.env } };
  const clientOptions = {
    documentSelector: [{ language: "guideline" }],
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.guideline") },
    initializationFailedHandler: (error) => {
      vscode.window.showErrorMessage(explain(command, error));
      return false;
    },
  };
  client = new LanguageClient("guideline", "Guideline language server", serverOptions, clientOptions);
  client.onDidChangeState((event) => {
    if (event.oldState === State.Running && event.newState === State.Stopped) {
      vscode.window.showErrorMessage(
        `The guideline language server (${command} lsp) stopped. See the "Guideline" output, then run "Guideline: Restart the language server".`
      );
    }
  });
  try {
    await client.start();
  } catch (error) {
    output.appendLine(explain(command, error));
    vscode.window.showErrorMessage(explain(command, error));
    client = null;
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = null;
    try {
      await running.stop();
    } catch (error) {
      if (output) output.appendLine(`stopping the server: ${error && error.message ? error.message : error}`);
    }
  }
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("guideline.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("guideline.serverPath")) {
        await stop();
        await start(context);
      }
    })
  );
  return start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, explain, serverCommand };
