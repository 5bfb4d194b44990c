/**
 * Golden renderings of reference §3–§5 (xlam-formats.md), copied verbatim as the JSON string
 * literals the reference gives, plus the inputs they were computed from. Tests must not read
 * the reference at run time, so the text lives here.
 */


const A1 =
  "<\uff5cbegin\u2581of\u2581sentence\uff5c>You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you only answer questions related to computer science. For politically sensitive questions, security and privacy issues, and other non-computer science questions, you will refuse to answer\n### Instruction:\n[BEGIN OF TASK INSTRUCTION]\nYou are an expert in composing functions. You are given a question and a set of possible functions. \nBased on the question, you will need to make one or more function/tool calls to achieve the purpose. \nIf none of the functions can be used, point it out and refuse to answer. \nIf the given question lacks the parameters required by the function, also point it out.\n[END OF TASK INSTRUCTION]\n\n[BEGIN OF AVAILABLE TOOLS]\n[{\"name\": \"get_weather\", \"description\": \"Get the current weather for a location\", \"parameters\": {\"location\": {\"type\": \"string\", \"description\": \"The city and state, e.g. San Francisco, New York\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"], \"description\": \"The unit of temperature to return\"}}}]\n[END OF AVAILABLE TOOLS]\n\n[BEGIN OF FORMAT INSTRUCTION]\nThe output MUST strictly adhere to the following JSON format, and NO other text MUST be included.\nThe example format is as follows. Please make sure the parameter type is correct. If no function call is needed, please make tool_calls an empty list '[]'.\n```\n{\n    \"tool_calls\": [\n    {\"name\": \"func_name1\", \"arguments\": {\"argument1\": \"value1\", \"argument2\": \"value2\"}},\n    ... (more tool calls as required)\n    ]\n}\n```\n[END OF FORMAT INSTRUCTION]\n\n[BEGIN OF QUERY]\nWhat's the weather like in New York in fahrenheit?\n[END OF QUERY]\n\n\n### Response:\n";

const A2 =
  "You are an AI assistant for function calling. \nFor politically sensitive questions, security and privacy issues, \nand other non-computer science questions, you will refuse to answer### Instruction:\n[BEGIN OF TASK INSTRUCTION]\nYou are an expert in composing functions. You are given a question and a set of possible functions. \nBased on the question, you will need to make one or more function/tool calls to achieve the purpose. \nIf none of the function can be used, point it out and refuse to answer. \nIf the given question lacks the parameters required by the function, also point it out.\n[END OF TASK INSTRUCTION]\n\n[BEGIN OF AVAILABLE TOOLS]\n[{\"name\": \"get_weather\", \"description\": \"Get the current weather for a location\", \"parameters\": {\"location\": {\"type\": \"string\", \"description\": \"The city and state, e.g. San Francisco, New York\", \"required\": true}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"], \"description\": \"The unit of temperature to return\"}}}]\n[END OF AVAILABLE TOOLS]\n\n[BEGIN OF FORMAT INSTRUCTION]\n\nThe output MUST strictly adhere to the following JSON format, and NO other text MUST be included.\nThe example format is as follows. Please make sure the parameter type is correct. If no function call is needed, please make tool_calls an empty list '[]'\n```\n{\n  \"tool_calls\": [\n    {\"name\": \"func_name1\", \"arguments\": {\"argument1\": \"value1\", \"argument2\": \"value2\"}},\n    ... (more tool calls as required)\n  ]\n}\n```\n\n[END OF FORMAT INSTRUCTION]\n\n[BEGIN OF QUERY]\n\nWhat's the weather like in New York in fahrenheit?\n[END OF QUERY]\n\n\n### Response:";

const B1 =
  "[BEGIN OF TASK INSTRUCTION]\nBased on the previous context and API request history, generate an API request or a response as an AI assistant.\n[END OF TASK INSTRUCTION]\n\n[BEGIN OF AVAILABLE TOOLS]\n[{\"name\": \"get_weather\", \"description\": \"Get the current weather for a location\", \"parameters\": {\"location\": {\"type\": \"string\", \"description\": \"The city and state, e.g. San Francisco, New York\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"], \"description\": \"The unit of temperature to return\"}}}]\n[END OF AVAILABLE TOOLS]\n\n[BEGIN OF FORMAT INSTRUCTION]\nThe output should be of the JSON format, which specifies a list of generated function calls. The example format is as follows, please make sure the parameter type is correct. If no function call is needed, please make \n    tool_calls an empty list \"[]\".\n    ```\n    {\"thought\": \"the thought process, or an empty string\", \"tool_calls\": [{\"name\": \"api_name1\", \"arguments\": {\"argument1\": \"value1\", \"argument2\": \"value2\"}}]}\n    ```\n[END OF FORMAT INSTRUCTION]\n\n[BEGIN OF QUERY]\nWhat's the weather like in New York in fahrenheit?\n[END OF QUERY]\n\n\n[BEGIN OF HISTORY STEPS]\n[{\"step_id\": 1, \"thought\": \"What's the weather like in New York in fahrenheit?\", \"tool_calls\": [], \"next_observation\": \"\", \"user_input\": \"What's the weather like in New York in fahrenheit?\"}]\n[END OF HISTORY STEPS]\n";

const B2 =
  "{'role': 'system', 'content': 'You are a helpful assistant.'}\n\n[BEGIN OF TASK INSTRUCTION]\nBased on the previous context and API request history, generate an API request or a response as an AI assistant.\n[END OF TASK INSTRUCTION]\n\n[BEGIN OF AVAILABLE TOOLS]\n[{\"name\": \"get_weather\", \"description\": \"Get the current weather for a location\", \"parameters\": {\"location\": {\"type\": \"string\", \"description\": \"The city and state, e.g. San Francisco, New York\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"], \"description\": \"The unit of temperature to return\"}}}]\n[END OF AVAILABLE TOOLS]\n\n[BEGIN OF FORMAT INSTRUCTION]\nThe output should be of the JSON format, which specifies a list of generated function calls. The example format is as follows, please make sure the parameter type is correct. If no function call is needed, please make \n    tool_calls an empty list \"[]\".\n    ```\n    {\"thought\": \"the thought process, or an empty string\", \"tool_calls\": [{\"name\": \"api_name1\", \"arguments\": {\"argument1\": \"value1\", \"argument2\": \"value2\"}}]}\n    ```\n[END OF FORMAT INSTRUCTION]\n\n[BEGIN OF QUERY]\nNow, search for the weather in San Francisco.\n[END OF QUERY]\n\n\n[BEGIN OF HISTORY STEPS]\n[{\"step_id\": 1, \"thought\": \"What's the weather like in New York?\", \"tool_calls\": [], \"next_observation\": \"\", \"user_input\": \"What's the weather like in New York?\"}, {\"step_id\": 2, \"thought\": \"To get the weather information for New York, I'll need to use the get_weather function.\", \"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": \"{\\\"location\\\": \\\"New York\\\", \\\"unit\\\": \\\"fahrenheit\\\"}\"}], \"next_observation\": \"{\\\"temperature\\\": 72, \\\"description\\\": \\\"Partly cloudy\\\"}\", \"user_input\": \"\"}, {\"step_id\": 3, \"thought\": \"Now, search for the weather in San Francisco.\", \"tool_calls\": [], \"next_observation\": \"\", \"user_input\": \"Now, search for the weather in San Francisco.\"}]\n[END OF HISTORY STEPS]\n";

const C1 =
  "<|im_start|>system\nYou are a helpful assistant. You are developed by Salesforce xLAM team.\nYou have access to a set of tools. When using tools, make calls in a single JSON array: \n\n[{\"name\": \"tool_call_name\", \"arguments\": {\"arg1\": \"value1\", \"arg2\": \"value2\"}}, ... (additional parallel tool calls as needed)]\n\nIf no tool is suitable, state that explicitly. If the user's input lacks required parameters, ask for clarification. Do not interpret or respond until tool results are returned. Once they are available, process them or make additional calls if needed. For tasks that don't require tools, such as casual conversation or general advice, respond directly in plain text. The available tools are:\n\n{\n    \"name\": \"get_weather\",\n    \"description\": \"Get the current weather for a location\",\n    \"parameters\": {\n        \"type\": \"object\",\n        \"properties\": {\n            \"location\": {\n                \"type\": \"string\",\n                \"description\": \"The city and state, e.g. San Francisco, CA\"\n            }\n        },\n        \"required\": [\n            \"location\"\n        ]\n    }\n}\n\n<|im_end|>\n<|im_start|>user\nWhat's the weather like in London?<|im_end|>\n<|im_start|>assistant\n";

/** C2 = C1 + this (reference §5). */
const C2_SUFFIX =
  "[{\"name\": \"get_weather\", \"arguments\": {\"location\": \"London\"}}]<|im_end|>\n<|im_start|>tool\n{\"temp\": 15}<|im_end|>\n<|im_start|>assistant\n";

const C4 =
  "<|im_start|>system\nYou are a helpful assistant. You are developed by Salesforce xLAM team.\n<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";

const D1 =
  "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant. You are developed by Salesforce xLAM team.\nYou have access to a set of tools. When using tools, make calls in a single JSON array: \n\n[{\"name\": \"tool_call_name\", \"arguments\": {\"arg1\": \"value1\", \"arg2\": \"value2\"}}, ... (additional parallel tool calls as needed)]\n\nIf no tool is suitable, state that explicitly. If the user's input lacks required parameters, ask for clarification. Do not interpret or respond until tool results are returned. Once they are available, process them or make additional calls if needed. For tasks that don't require tools, such as casual conversation or general advice, respond directly in plain text. The available tools are:\n\n{\n    \"name\": \"get_weather\",\n    \"description\": \"Get the current weather for a location\",\n    \"parameters\": {\n        \"type\": \"object\",\n        \"properties\": {\n            \"location\": {\n                \"type\": \"string\",\n                \"description\": \"The city and state, e.g. San Francisco, CA\"\n            }\n        },\n        \"required\": [\n            \"location\"\n        ]\n    }\n}\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat's the weather like in London?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

/** D2 = D1 + this (reference §5). */
const D2_SUFFIX =
  "[{\"name\": \"get_weather\", \"arguments\": {\"location\": \"London\"}}]<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n{\"temp\": 15}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

/** The X2 system lines, as the reference defines C3 by substitution. */
const X2_SYSTEM_VLLM = 'You are a helpful assistant. You are developed by Salesforce xLAM team.';
const X2_SYSTEM_BFCL = 'You are a helpful assistant that can use tools. You are developed by Salesforce xLAM team.';

/** C3 (bfcl Qwen on C1's input): C1 with the BFCL system line and no "\n" after `<|im_end|>`. */
const C3 = C1.replace(X2_SYSTEM_VLLM, X2_SYSTEM_BFCL).split('<|im_end|>\n').join('<|im_end|>');

export const GOLDENS = {
  A1,
  A2,
  B1,
  B2,
  C1,
  C2: C1 + C2_SUFFIX,
  C3,
  C4,
  D1,
  D2: D1 + D2_SUFFIX,
} as const;

/** Tool [W1] of §3 (the xLAM README tool), as a tools file text. */
export const W1_TOOLS =
  '[{"name": "get_weather", "description": "Get the current weather for a location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, New York"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "The unit of temperature to return"}}, "required": ["location"]}}]';

/** Tool [W2] of §5. */
export const W2_TOOLS =
  '[{"name": "get_weather", "description": "Get the current weather for a location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}}, "required": ["location"]}}]';

export const A1_QUERY = "What's the weather like in New York in fahrenheit?";
export const C1_QUERY = "What's the weather like in London?";

/** B2's messages (§4), as a messages file text: note `tool_calls` is one object with string arguments. */
export const B2_MESSAGES = JSON.stringify([
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: "What's the weather like in New York?" },
  {
    role: 'assistant',
    content: "To get the weather information for New York, I'll need to use the get_weather function.",
    tool_calls: { name: 'get_weather', arguments: '{"location": "New York", "unit": "fahrenheit"}' },
  },
  { role: 'tool', content: '{"temperature": 72, "description": "Partly cloudy"}' },
  { role: 'user', content: 'Now, search for the weather in San Francisco.' },
]);

/** C2's messages (§5): C1's user message, one call with object arguments, one tool result. */
export const C2_MESSAGES = JSON.stringify([
  { role: 'user', content: C1_QUERY },
  { role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: { location: 'London' } } }] },
  { role: 'tool', content: '{"temp": 15}' },
]);

/** xlam-function-calling-60k record 0 (§8): flat tools, stored as a JSON string. */
export const RECORD0 = {
  query: 'Where can I find live giveaways for beta access and games?',
  tools:
    '[{"name": "live_giveaways_by_type", "description": "Retrieve live giveaways from the GamerPower API based on the specified type.", "parameters": {"type": {"description": "The type of giveaways to retrieve (e.g., game, loot, beta).", "type": "str", "default": "game"}}}]',
};
