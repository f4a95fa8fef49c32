/**
 * `ms-auth completion bash|zsh|fish|powershell`: a completion script on stdout, generated from
 * the program's own commands, options and option choices, so it cannot drift.
 */
import { usageError } from '../../errors.js';

export interface CompletionCommand {
  name: string;
  options: Array<{ flag: string; choices?: readonly string[] | undefined; takesValue: boolean }>;
}

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;

function bash(commands: CompletionCommand[], globals: CompletionCommand['options']): string {
  const cases = commands
    .map((c) => {
      const flags = [...c.options, ...globals].map((o) => o.flag).join(' ');
      const choices = [...c.options, ...globals]
        .filter((o) => o.choices)
        .map((o) => `      ${o.flag}) COMPREPLY=($(compgen -W "${o.choices?.join(' ')}" -- "$cur")); return ;;`)
        .join('\n');
      return `    ${c.name})\n      case "$prev" in\n${choices}\n      esac\n      COMPREPLY=($(compgen -W "${flags}" -- "$cur")) ;;`;
    })
    .join('\n');
  return `# ms-auth bash completion: eval "$(ms-auth completion bash)" (e.g. in ~/.bashrc)
_ms_auth() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur")); return
  fi
  case "$command" in
${cases}
  esac
}
complete -F _ms_auth ms-auth
`;
}

function zsh(commands: CompletionCommand[], globals: CompletionCommand['options']): string {
  const spec = (o: CompletionCommand['options'][number]) =>
    `'${o.flag}${o.takesValue ? `=:value:${o.choices ? `(${o.choices.join(' ')})` : ''}` : ''}'`;
  const cases = commands.map((c) => `    ${c.name}) _arguments ${[...c.options, ...globals].map(spec).join(' ')} ;;`).join('\n');
  return `#compdef ms-auth
# ms-auth zsh completion: ms-auth completion zsh > "\${fpath[1]}/_ms-auth"
_ms_auth() {
  if (( CURRENT == 2 )); then
    compadd -- ${commands.map((c) => c.name).join(' ')}
    return
  fi
  # _arguments reads its words from the command's name on: drop "ms-auth".
  local command="$words[2]"
  shift words
  (( CURRENT-- ))
  case "$command" in
${cases}
  esac
}
# Autoloaded from $fpath (compinit registered _ms-auth from #compdef): complete now.
# Sourced: register the function.
if [[ "$funcstack[1]" == _ms-auth ]]; then
  _ms_auth "$@"
else
  compdef _ms_auth ms-auth
fi
`;
}

function fish(commands: CompletionCommand[], globals: CompletionCommand['options']): string {
  const lines = ['# ms-auth fish completion: ms-auth completion fish > ~/.config/fish/completions/ms-auth.fish', 'complete -c ms-auth -f'];
  const names = commands.map((c) => c.name).join(' ');
  lines.push(`complete -c ms-auth -n "not __fish_seen_subcommand_from ${names}" -a "${names}"`);
  for (const c of commands) {
    for (const o of [...c.options, ...globals]) {
      const value = o.choices ? ` -x -a "${o.choices.join(' ')}"` : o.takesValue ? ' -r' : '';
      lines.push(`complete -c ms-auth -n "__fish_seen_subcommand_from ${c.name}" -l ${o.flag.replace(/^--/, '')}${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** PowerShell single-quoting. */
const psQuote = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const psList = (values: readonly string[]): string => `@(${values.map(psQuote).join(', ')})`;

/**
 * Windows PowerShell 5.1 and PowerShell 7: a native argument completer for `ms-auth` (and
 * the `.cmd`/`.ps1` shims npm installs), offering the commands, then each command's
 * flags, and a flag's choices after it.
 */
function powershell(commands: CompletionCommand[], globals: CompletionCommand['options']): string {
  const flags = commands.map((c) => `    ${psQuote(c.name)} = ${psList([...c.options, ...globals].map((o) => o.flag))}`).join('\n');
  const choices = commands
    .flatMap((c) =>
      [...c.options, ...globals].filter((o) => o.choices).map((o) => `    ${psQuote(`${c.name} ${o.flag}`)} = ${psList(o.choices ?? [])}`),
    )
    .join('\n');
  return `# ms-auth PowerShell completion: ms-auth completion powershell | Out-String | Invoke-Expression (e.g. in $PROFILE)
Register-ArgumentCompleter -Native -CommandName 'ms-auth', 'ms-auth.cmd', 'ms-auth.ps1' -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $flags = @{
${flags}
  }
  $choices = @{
${choices}
  }
  $before = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.ToString() })
  if ($before.Count -le 1) {
    $candidates = @($flags.Keys) + @('--help', '--version')
  } elseif ($choices.ContainsKey("$($before[1]) $($before[-1])")) {
    $candidates = $choices["$($before[1]) $($before[-1])"]
  } else {
    $candidates = $flags[$before[1]]
  }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | Sort-Object | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}

export function completionScript(shell: string, commands: CompletionCommand[], globals: CompletionCommand['options']): string {
  if (shell === 'bash') return bash(commands, globals);
  if (shell === 'zsh') return zsh(commands, globals);
  if (shell === 'fish') return fish(commands, globals);
  if (shell === 'powershell') return powershell(commands, globals);
  throw usageError(`completion takes ${SHELLS.join(', ')} (got "${shell}").`);
}
