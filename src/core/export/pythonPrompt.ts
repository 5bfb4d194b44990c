import { DS_BOS, DS_DEFAULT_SYSTEM, FC_FORMAT_BFCL, FC_FORMAT_CARD, FC_SYSTEM_BFCL, FC_TASK_BFCL, FC_TASK_CARD } from '../formats/fcV1';
import { GEN_FORMAT, GEN_TASK } from '../formats/generalV1';
import type { FormatId } from '../formats/types';
import { pyStringExpr } from './literals';

/*
 * The v1 prompts (reference §3, §4) as standard-library Python: `build_prompt(tools, messages)`
 * over plain tools and OpenAI-style messages as json.loads gives them. It follows our renderers
 * step for step (src/core/formats/fcV1.ts, generalV1.ts); a unit test runs it with python3 and
 * compares the bytes with renderPrompt.
 */

const constant = (name: string, text: string): string => `${name} = ${pyStringExpr(text)}\n`;

/** The v1 tool conversion (convertForV1.ts) and the four bracketed blocks (blocks.ts). */
const SHARED = `

def is_flat(parameters):
    """xlam-function-calling-60k writes parameters flat: {param: {"type": "str", ...}}."""
    if "properties" in parameters or isinstance(parameters.get("type"), str) or not parameters:
        return False
    return all(isinstance(value, dict) for value in parameters.values())


def tool_for_v1(tool, mark_required):
    """{name, description, parameters: the schema's properties}; "type" and "required" are dropped."""
    parameters = tool.get("parameters")
    if not isinstance(parameters, dict):
        properties = {}
    elif is_flat(parameters):
        properties = parameters
    else:
        properties = parameters.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        required = parameters.get("required")
        if mark_required and isinstance(required, list):
            # BFCL appends "required": true to each required property instead.
            properties = dict(properties)
            for name in required:
                if isinstance(name, str) and isinstance(properties.get(name), dict):
                    properties[name] = {**properties[name], "required": True}
    return {"name": tool["name"], "description": tool.get("description"), "parameters": properties}


def text(message):
    """The content as the sources' f-strings write it: str() of it, "" when missing."""
    return str(message.get("content", ""))


def blocks(task, tools, format_instruction, query):
    return (
        "[BEGIN OF TASK INSTRUCTION]\\n" + task + "\\n[END OF TASK INSTRUCTION]\\n\\n"
        + "[BEGIN OF AVAILABLE TOOLS]\\n" + tools + "\\n[END OF AVAILABLE TOOLS]\\n\\n"
        + "[BEGIN OF FORMAT INSTRUCTION]\\n" + format_instruction + "\\n[END OF FORMAT INSTRUCTION]\\n\\n"
        + "[BEGIN OF QUERY]\\n" + query + "\\n[END OF QUERY]\\n\\n"
    )
`;

const FC_CARD = `

def build_prompt(tools, messages):
    """The model card's content (the last user message is the query) in deepseek-coder's template."""
    users = [m for m in messages if m["role"] == "user"]
    query = text(users[-1]) if users else ""
    content = blocks(TASK, json.dumps([tool_for_v1(t, False) for t in tools]), FORMAT, query)
    # The template writes every system message in place of its default system line.
    systems = [text(m) for m in messages if m["role"] == "system"]
    system = "".join(systems) if systems else DEEPSEEK_SYSTEM
    return BOS + system + "### Instruction:\\n" + content + "\\n### Response:\\n"
`;

const FC_BFCL = `

def build_prompt(tools, messages):
    """gorilla's xlam_handler.py (2024-08-19): system messages extend the task, user messages form the query."""
    task = TASK + "".join("\\n" + text(m) for m in messages if m["role"] == "system")
    query = "".join("\\n" + text(m) for m in messages if m["role"] == "user")
    content = blocks(task, json.dumps([tool_for_v1(t, True) for t in tools]), FORMAT, query)
    return SYSTEM + "### Instruction:\\n" + content + "\\n### Response:"
`;

const GENERAL = `

def build_prompt(tools, messages):
    """The xLAM client's one user message; the model's own chat template wraps it."""
    system = messages[0] if messages and messages[0]["role"] == "system" else None
    rest = messages[1:] if system is not None else messages
    users = [m for m in rest if m["role"] == "user"]
    query = text(users[-1]) if users else ""
    history = []
    for m in rest:
        content = m.get("content", "")
        if m["role"] == "tool":
            # A result belongs to the step before it (the client would fail without one).
            if history:
                history[-1]["next_observation"] = content
            continue
        history.append({
            "step_id": len(history) + 1,
            "thought": content,
            "tool_calls": [m["tool_calls"]] if "tool_calls" in m else [],
            "next_observation": "",
            "user_input": content if m["role"] == "user" else "",
        })
    # The client writes the system message dict itself (its repr), not its content.
    prompt = f"{system}\\n\\n" if system is not None else ""
    prompt += blocks(TASK, json.dumps([tool_for_v1(t, False) for t in tools]), FORMAT, query)
    if history:
        prompt += "\\n[BEGIN OF HISTORY STEPS]\\n" + json.dumps(history) + "\\n[END OF HISTORY STEPS]\\n"
    return prompt
`;

/**
 * Constants and functions of the builder for a v1 format and variant (no data, no imports:
 * the caller imports json). Throws for xLAM-2, whose prompt the chat template builds.
 */
export function pythonPromptBuilder(format: FormatId, variant: string): string {
  if (format === 'general-v1') return constant('TASK', GEN_TASK) + constant('FORMAT', GEN_FORMAT) + SHARED + GENERAL;
  if (format !== 'fc-v1') throw new Error(`no Python prompt builder for ${format}`);
  if (variant === 'bfcl') return constant('SYSTEM', FC_SYSTEM_BFCL) + constant('TASK', FC_TASK_BFCL) + constant('FORMAT', FC_FORMAT_BFCL) + SHARED + FC_BFCL;
  return constant('BOS', DS_BOS) + constant('DEEPSEEK_SYSTEM', DS_DEFAULT_SYSTEM) + constant('TASK', FC_TASK_CARD) + constant('FORMAT', FC_FORMAT_CARD) + SHARED + FC_CARD;
}
