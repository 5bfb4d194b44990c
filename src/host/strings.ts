/** Every user-facing string of the host, in one place. */
export const STRINGS = {
  logChannel: 'xLAM Tool Lab',
  activated: (ms: number, llamaLoaded: boolean) => `xLAM Tool Lab activated in ${ms} ms; node-llama-cpp ${llamaLoaded ? 'loaded' : 'not loaded'}`,
  activationFailed: 'xLAM Tool Lab failed to start. See the "xLAM Tool Lab" output channel for details.',
  commandFailed: (title: string) => `xLAM: "${title}" failed. See the "xLAM Tool Lab" output channel for details.`,
  noToolsFile: 'xLAM: open a *.tools.json file (a JSON array of tools) first, then run "Render Prompt Preview".',
  queryPrompt: 'The user query to render with these tools',
  queryPlaceholder: "e.g. What's the weather like in New York in fahrenheit?",
  badToolsFile: (where: string, message: string) => `xLAM: cannot render the prompt — ${where}: ${message}`,
  goToError: 'Go to Error',
  renderWarning: (message: string) => `xLAM: ${message}`,
} as const;
