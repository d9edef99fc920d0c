// The built-in tool table, by name.
import type { AnyTool } from './define-tool.js';
import { forkAgent } from './agents/fork-agent.js';
import { receiveMessages } from './agents/receive-messages.js';
import { sendMessage } from './agents/send-message.js';
import { signalAgent } from './agents/signal-agent.js';
import { spawnAgent } from './agents/spawn-agent.js';
import { waitAgent } from './agents/wait-agent.js';
import { changeDir } from './files/change-dir.js';
import { deleteFile } from './files/delete-file.js';
import { editFile } from './files/edit-file.js';
import { listDir } from './files/list-dir.js';
import { moveFile } from './files/move-file.js';
import { readFile } from './files/read-file.js';
import { writeFile } from './files/write-file.js';
import { askHuman } from './human/ask-human.js';
import { notifyHuman } from './human/notify-human.js';
import { requestPermission } from './human/request-permission.js';
import { memoryCreate } from './memory/memory-create.js';
import { memoryList } from './memory/memory-list.js';
import { memoryRead } from './memory/memory-read.js';
import { memoryUpdate } from './memory/memory-update.js';
import { proposeTool } from './jit/propose-tool.js';
import { registerTool } from './jit/register-tool.js';
import { testTool } from './jit/test-tool.js';
import { exit } from './misc/exit.js';
import { fetchUrl } from './net/fetch-url.js';
import { sleep } from './misc/sleep.js';
import { runCommand } from './shell/run-command.js';
import { skillActivate } from './skills/skill-activate.js';
import { skillRead } from './skills/skill-read.js';
import { mcpCallTool } from './mcp/mcp-call.js';
import { mcpListToolsTool } from './mcp/mcp-list-tools.js';
import { checkpointCreateTool } from './checkpoints/checkpoint-create.js';
import { checkpointListTool } from './checkpoints/checkpoint-list.js';

/** Every built-in tool. */
export const BUILTIN_TOOLS: ReadonlyMap<string, AnyTool> = new Map(
  [
    readFile,
    writeFile,
    editFile,
    listDir,
    deleteFile,
    moveFile,
    changeDir,
    askHuman,
    requestPermission,
    notifyHuman,
    memoryCreate,
    memoryRead,
    memoryUpdate,
    memoryList,
    spawnAgent,
    forkAgent,
    waitAgent,
    signalAgent,
    sendMessage,
    receiveMessages,
    runCommand,
    fetchUrl,
    sleep,
    exit,
    proposeTool,
    testTool,
    registerTool,
    skillActivate,
    skillRead,
    mcpListToolsTool,
    mcpCallTool,
    checkpointCreateTool,
    checkpointListTool,
  ].map((t: AnyTool) => [t.name, t]),
);
