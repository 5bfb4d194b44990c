/**
 * Small Jinja chat templates to embed in test models, so the engine's template parity check has
 * something to render. They follow the shape of each family's real template but are our own and
 * deliberately minimal (no tools, no system-prompt defaults): a test model only needs a template
 * that node-llama-cpp's Jinja engine can run.
 */
export const BUILTIN_CHAT_TEMPLATES: Record<string, string> = {
  chatml:
    "{%- for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{%- endfor %}" +
    "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}",
  llama3:
    '{{- bos_token }}' +
    "{%- for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{%- endfor %}" +
    "{%- if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}",
  'deepseek-coder':
    '{{- bos_token }}' +
    '{%- for message in messages %}' +
    "{%- if message['role'] == 'system' %}{{ message['content'] + '\\n' }}" +
    "{%- elif message['role'] == 'user' %}{{ '### Instruction:\\n' + message['content'] + '\\n' }}" +
    "{%- else %}{{ '### Response:\\n' + message['content'] + '\\n<|EOT|>\\n' }}{%- endif %}" +
    '{%- endfor %}' +
    "{%- if add_generation_prompt %}{{ '### Response:\\n' }}{%- endif %}",
};

export const BUILTIN_CHAT_TEMPLATE_NAMES = Object.keys(BUILTIN_CHAT_TEMPLATES);
