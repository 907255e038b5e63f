// Completion scripts for running `kubectl-lsst` directly; `kubectl lsst` is completed by kubectl
// itself (1.26+) through the `kubectl_complete-lsst` executable. Both use `__complete`.

export const bashCompletionScript = `# kubectl-lsst completion for bash: source <(kubectl-lsst completion bash)
_kubectl_lsst_complete() {
  local output line
  output=$(kubectl-lsst __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  COMPREPLY=()
  while IFS= read -r line; do
    case "$line" in
      :*|'') ;;
      *) COMPREPLY+=("\${line%%$'\\t'*}") ;;
    esac
  done <<< "$output"
}
complete -o default -F _kubectl_lsst_complete kubectl-lsst
`;

export const zshCompletionScript = `#compdef kubectl-lsst
# kubectl-lsst completion for zsh: source <(kubectl-lsst completion zsh)
_kubectl_lsst_complete() {
  local output line name description
  local -a candidates
  output=$(kubectl-lsst __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  for line in "\${(@f)output}"; do
    [[ -z $line || $line == :* ]] && continue
    name=\${line%%$'\\t'*}
    description=\${line#*$'\\t'}
    [[ $description == $line ]] && description=''
    candidates+=("\${name//:/\\\\:}:$description")
  done
  _describe 'kubectl-lsst' candidates
}
compdef _kubectl_lsst_complete kubectl-lsst
`;
