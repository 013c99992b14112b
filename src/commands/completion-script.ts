// Shell completion scripts, written from the commands' own usage texts so that an option added
// to a command is completed without touching this file.

export interface CommandHelp {
  name: string;
  usage: string;
}

/** Words a command takes before its options (`exatop lab up`, `exatop capture cpu`). */
const ACTIONS: Record<string, readonly string[]> = {
  lab: ['up', 'down', 'status', 'restart', 'peer'],
  capture: ['establishment', 'peak', 'cpu', 'rss'],
  completion: ['bash', 'zsh'],
};

const OPTION = /(?<![\w-])--[a-z][a-z0-9-]*(?!=)/g;

/**
 * The `--options` a usage text offers: those of its synopsis (the paragraph that holds
 * "Usage:") and those that start an indented line of its option list; prose that mentions
 * another program's flag is neither.
 */
export function optionsIn(usage: string): string[] {
  const paragraphs = usage.split(/\n\s*\n/);
  const synopsis = paragraphs.find((p) => p.includes('Usage:')) ?? '';
  const listed = usage.split('\n').flatMap((line) => /^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)/.exec(line)?.[1] ?? []);
  return [...new Set([...[...synopsis.matchAll(OPTION)].map((m) => m[0]), ...listed])];
}

/** The main usage names every command's synopsis: its own options are those of its list. */
const mainOptions = (mainUsage: string): string[] => optionsIn(mainUsage.slice(mainUsage.indexOf('Options:')));

const shellWords = (words: readonly string[]): string => words.join(' ');
const fnName = '_exatop';

function table(commands: readonly CommandHelp[], line: (name: string, words: string) => string): string {
  return commands.map((c) => line(c.name, shellWords([...(ACTIONS[c.name] ?? []), ...optionsIn(c.usage)]))).join('\n');
}

export function bashCompletion(mainUsage: string, commands: readonly CommandHelp[]): string {
  const top = shellWords([...commands.map((c) => c.name), ...mainOptions(mainUsage)]);
  return `# bash completion for exatop (exatop completion bash); source it, or save it as
# /usr/share/bash-completion/completions/exatop
${fnName}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  if [ "$COMP_CWORD" -eq 1 ]; then
    words="${top}"
  else
    case "\${COMP_WORDS[1]}" in
${table(commands, (name, words) => `      ${name}) words="${words}" ;;`)}
      *) words="${shellWords(mainOptions(mainUsage))}" ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -o bashdefault -F ${fnName} exatop
`;
}

export function zshCompletion(mainUsage: string, commands: readonly CommandHelp[]): string {
  const top = shellWords([...commands.map((c) => c.name), ...mainOptions(mainUsage)]);
  return `#compdef exatop
# zsh completion for exatop (exatop completion zsh); save it as _exatop in a folder of $fpath,
# or source it after compinit
${fnName}() {
  local -a words_
  if (( CURRENT == 2 )); then
    words_=(${top})
  else
    case $words[2] in
${table(commands, (name, words) => `      ${name}) words_=(${words}) ;;`)}
      *) words_=(${shellWords(mainOptions(mainUsage))}) ;;
    esac
  fi
  if [[ $PREFIX == -* || CURRENT -eq 2 ]]; then
    compadd -- $words_
  else
    compadd -- \${words_:#-*}
    _files
  fi
}
if (( $+functions[compdef] )); then compdef ${fnName} exatop; fi
`;
}
