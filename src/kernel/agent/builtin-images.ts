// The built-in agent images: exact tool tables, prompts, default budgets, declared requirements.
import type { AgentImage } from './types.js';

const FILES_READ = ['read_file', 'list_dir', 'change_dir'] as const;
const FILES_WRITE = ['write_file', 'edit_file', 'delete_file', 'move_file'] as const;
const MEMORY = ['memory_create', 'memory_read', 'memory_update', 'memory_list'] as const;
const HUMAN = ['ask_human', 'request_permission', 'notify_human'] as const;
const MESSAGES = ['send_message', 'receive_messages'] as const;
const CHILDREN = ['spawn_agent', 'fork_agent', 'wait_agent', 'signal_agent'] as const;
const JIT = ['propose_tool', 'test_tool', 'register_tool'] as const;
const SKILLS = ['skill_activate', 'skill_read'] as const;
const WORLD = ['fetch_url', 'mcp_list_tools', 'mcp_call'] as const;
const CHECKPOINTS = ['checkpoint_create', 'checkpoint_list'] as const;

/** Every built-in image runs on a model: `run --model` (or `setModel`) grants the one it uses. */
const MODEL = { resource: 'model:**', rights: ['call'], why: 'asks its model what to do next' };

/** The `sleep` tool's one need: without `--grant clock:sleep=use` its calls are denied. */
const SLEEP = { resource: 'clock:sleep', rights: ['use'], why: 'sleeps with the sleep tool' };

const RULES =
  'You act only through your tools. A tool being available grants nothing: if a call is denied, ' +
  'the result says so with a code; do not retry the same call, ask for permission or work around it. ' +
  'When your goal is done, call exit with your result.';

/** Version 1 of each built-in image, as first shipped (processes pinned to it still run it). */
const FIRST_VERSIONS: readonly AgentImage[] = [
  {
    id: 'base',
    version: 1,
    description: 'General agent: files, memory, human, messages, sleep, exit.',
    systemPrompt: `You are a careful general-purpose agent. ${RULES}`,
    tools: [...FILES_READ, ...FILES_WRITE, ...MEMORY, ...HUMAN, ...MESSAGES, 'sleep', 'exit'],
    requirements: [
      MODEL,
      { resource: 'fs:**', rights: ['read'], why: 'reads the files its goal names' },
      SLEEP,
    ],
    defaultBudget: { quanta: 200, toolCalls: 500, tokens: 2_000_000 },
    defaultModel: null,
  },
  {
    id: 'research',
    version: 1,
    description: 'Read-only researcher: reads files, keeps notes, may delegate to children.',
    systemPrompt: `You are a researcher. You read and take notes; you never change files. ${RULES}`,
    tools: [
      ...FILES_READ,
      ...MEMORY,
      ...CHILDREN,
      ...MESSAGES,
      'ask_human',
      'notify_human',
      'exit',
    ],
    requirements: [MODEL, { resource: 'fs:**', rights: ['read'], why: 'reads sources' }],
    defaultBudget: { quanta: 200, toolCalls: 500, tokens: 2_000_000 },
    defaultModel: null,
  },
  {
    id: 'orchestrator',
    version: 1,
    description: 'Splits a goal among child agents, waits for them, and combines their results.',
    systemPrompt: `You are an orchestrator. Split the goal among child agents, pass each only the grants it needs, wait for them and combine their results. ${RULES}`,
    tools: [...CHILDREN, ...MESSAGES, ...MEMORY, 'ask_human', 'notify_human', 'sleep', 'exit'],
    requirements: [
      MODEL,
      { resource: 'process:spawn', rights: ['spawn'], why: 'starts children' },
      SLEEP,
    ],
    defaultBudget: { quanta: 400, toolCalls: 1000, children: 32, tokens: 4_000_000 },
    defaultModel: null,
  },
  {
    id: 'coding',
    version: 1,
    description:
      'Coding agent: reads and writes files, runs commands (tests, builds) in the sandbox, writes its own tools.',
    systemPrompt: `You are a coding agent. Make small, exact edits, run the tests with run_command, and explain your changes in your result. ${RULES}`,
    tools: [
      ...FILES_READ,
      ...FILES_WRITE,
      'run_command',
      ...MEMORY,
      ...HUMAN,
      ...MESSAGES,
      ...JIT,
      'exit',
    ],
    requirements: [
      MODEL,
      { resource: 'fs:**', rights: ['read', 'write'], why: 'edits the code it is given' },
      {
        resource: 'shell:*',
        rights: ['execute'],
        why: 'runs the project commands it is given (narrow it: shell:npm/test, shell:git/status)',
      },
      { resource: 'tool:*', rights: ['register'], why: 'registers the JIT tools it writes' },
    ],
    defaultBudget: { quanta: 400, toolCalls: 1000, tokens: 4_000_000 },
    defaultModel: null,
  },
];

/**
 * Version 2: version 1 with the Skills tools (`skill_activate`, `skill_read`) before `exit`. A
 * process sees the Skills it may use listed in its prompt; the tools only load them.
 */
function withSkills(image: AgentImage): AgentImage {
  const rest = image.tools.filter((tool) => tool !== 'exit');
  return {
    ...image,
    version: 2,
    description: `${image.description} Skills.`,
    tools: [...rest, ...SKILLS, 'exit'],
  };
}

/**
 * Version 3 of `research`: version 2 with the world's tools, `fetch_url` (`net.fetch`) and
 * `mcp_list_tools` / `mcp_call` (the operator's MCP servers). Their results are untrusted
 * (origin `external`); the grants they need are declared, never given.
 */
function withWorld(image: AgentImage): AgentImage {
  const rest = image.tools.filter((tool) => tool !== 'exit');
  return {
    ...image,
    version: 3,
    description: `${image.description} Web pages and MCP tools.`,
    tools: [...rest, ...WORLD, 'exit'],
    requirements: [
      ...image.requirements,
      {
        resource: 'net:*',
        rights: ['get'],
        why: 'fetches the pages its goal names (narrow it: net:https://docs.example.org/**)',
      },
      {
        resource: 'mcp:**',
        rights: ['list', 'call'],
        why: 'lists and calls the MCP tools its goal needs (narrow it: mcp:<server>/<tool>/<sha256>)',
      },
    ],
  };
}

const SECOND_VERSIONS = FIRST_VERSIONS.map(withSkills);

/**
 * Version 3 of `orchestrator` and `coding`: version 2 with `checkpoint_create` and
 * `checkpoint_list` before `exit` (a process checkpoints its own subtree without a grant;
 * restoring and forking stay with the operator or a process granted `checkpoint:<id>`).
 */
function withCheckpoints(image: AgentImage): AgentImage {
  const rest = image.tools.filter((tool) => tool !== 'exit');
  return {
    ...image,
    version: 3,
    description: `${image.description} Checkpoints.`,
    tools: [...rest, ...CHECKPOINTS, 'exit'],
  };
}

/** The images every runtime knows: every shipped version of each, oldest first. */
export const BUILTIN_IMAGES: readonly AgentImage[] = [
  ...FIRST_VERSIONS,
  ...SECOND_VERSIONS,
  ...SECOND_VERSIONS.filter((image) => image.id === 'research').map(withWorld),
  ...SECOND_VERSIONS.filter((image) => image.id === 'orchestrator' || image.id === 'coding').map(
    withCheckpoints,
  ),
];
