-- Neovim's built-in LSP client (0.7) against `kubectl-lsst lsp`: opens a manifest and a Dockerfile,
-- reads the diagnostics Neovim received, applies the preferred code action the way Neovim's own
-- code action does (vim.lsp.util.apply_workspace_edit), and writes what it saw as JSON.
-- Environment: LSST_BIN (the kubectl-lsst executable), LSST_ROOT (folder of the files), LSST_MANIFEST,
-- LSST_DOCKERFILE (paths), LSST_RULE (the manifest finding to fix), LSST_OUT (the JSON written).
local out = { diagnostics = {}, errors = {} }

local function finish()
  local file = io.open(os.getenv('LSST_OUT'), 'w')
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd('qall!')
end

local function fail(message)
  table.insert(out.errors, message)
  finish()
end

local client_id = vim.lsp.start_client({
  name = 'kubectl-lsst',
  cmd = { os.getenv('LSST_BIN'), 'lsp' },
  root_dir = os.getenv('LSST_ROOT'),
  settings = { lsst = {} },
  on_exit = function(code)
    out.exit_code = code
  end,
})
if not client_id then
  return fail('the client did not start')
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buffer = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buffer, client_id)
  return buffer
end

local function code_of(diagnostic)
  if diagnostic.code then
    return diagnostic.code
  end
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  return lsp and lsp.code
end

local function described(buffer)
  local list = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(list, {
      code = code_of(diagnostic),
      line = diagnostic.lnum,
      col = diagnostic.col,
      severity = diagnostic.severity,
      source = diagnostic.source,
      message = diagnostic.message,
    })
  end
  return list
end

local function wait_for_diagnostics(buffer, what)
  if not vim.wait(60000, function()
    return #vim.diagnostic.get(buffer) > 0
  end, 50) then
    fail('no diagnostics for ' .. what)
    return false
  end
  return true
end

local manifest = open(os.getenv('LSST_MANIFEST'))
out.manifest_filetype = vim.bo[manifest].filetype
if not wait_for_diagnostics(manifest, 'the manifest') then
  return
end
out.diagnostics.manifest = described(manifest)

local dockerfile = open(os.getenv('LSST_DOCKERFILE'))
out.dockerfile_filetype = vim.bo[dockerfile].filetype
if not wait_for_diagnostics(dockerfile, 'the Dockerfile') then
  return
end
out.diagnostics.dockerfile = described(dockerfile)

-- Back to the manifest: the cursor on the finding, the code actions for its line, as <code_action> asks.
vim.cmd('buffer ' .. manifest)
local rule = os.getenv('LSST_RULE')
local target
for _, diagnostic in ipairs(vim.diagnostic.get(manifest)) do
  if code_of(diagnostic) == rule then
    target = diagnostic
    break
  end
end
if not target then
  return fail('no ' .. rule .. ' diagnostic in the manifest')
end
vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(manifest) }
local responses = vim.lsp.buf_request_sync(manifest, 'textDocument/codeAction', params, 30000)
local actions = responses and responses[client_id] and responses[client_id].result or {}
out.action_titles = {}
local preferred
for _, action in ipairs(actions) do
  table.insert(out.action_titles, action.title)
  if action.isPreferred and action.edit and not preferred then
    preferred = action
  end
end
if not preferred then
  return fail('no preferred code action with an edit')
end
out.applied_title = preferred.title
local before_count = 0
for _, diagnostic in ipairs(vim.diagnostic.get(manifest)) do
  if code_of(diagnostic) == rule then
    before_count = before_count + 1
  end
end
local changedtick = vim.api.nvim_buf_get_changedtick(manifest)
vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
out.buffer_changed = vim.api.nvim_buf_get_changedtick(manifest) ~= changedtick
-- The change goes to the server as didChange; the new diagnostics come back without the finding.
local updated = vim.wait(60000, function()
  local count = 0
  for _, diagnostic in ipairs(vim.diagnostic.get(manifest)) do
    if code_of(diagnostic) == rule then
      count = count + 1
    end
  end
  return count < before_count
end, 50)
out.finding_gone = updated
out.diagnostics.after_fix = described(manifest)
out.text_after_fix = table.concat(vim.api.nvim_buf_get_lines(manifest, 0, -1, false), '\n')

vim.lsp.stop_client(client_id)
vim.wait(10000, function()
  return out.exit_code ~= nil
end, 50)
finish()
