-- Drives a real Neovim as the client of `partnerlint server` (tests/it/server/neovim.rs):
-- opens the application, waits for the diagnostics, hovers the cross-border finding,
-- applies its suppression quick fix, then the quick fix titled $FIX_TITLE, and writes
-- what it saw to $OUT as JSON.
local bin, file, out = vim.env.PARTNERLINT_BIN, vim.env.DOC, vim.env.OUT
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local config = { name = 'partnerlint', cmd = { bin, 'server' }, root_dir = vim.fn.fnamemodify(file, ':h') }
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else -- Neovim 0.7
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(0, client_id)
end
local result = { diagnostics = {}, after = {} }
local function code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function codes()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(seen, code(d)) end
  return seen
end
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local target
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { code = code(d), line = d.lnum, col = d.col })
  if code(d) == 'market-cross-border' then target = d end
end
if target then
  local doc = { uri = vim.uri_from_bufnr(0) }
  local position = { line = target.lnum, character = target.col }
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', { textDocument = doc, position = position }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result then result.hover = r.result.contents.value end
  end
  local range = { start = position, ['end'] = position }
  local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction',
    { textDocument = doc, range = range, context = { diagnostics = {} } }, 10000)
  local client = vim.lsp.get_client_by_id(client_id)
  for _, r in pairs(actions or {}) do
    for _, action in ipairs(r.result or {}) do
      if action.title:find('Suppress `market%-cross%-border`') then
        result.action = action.title
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      end
    end
  end
  result.lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  vim.wait(20000, function()
    local now = codes()
    return vim.tbl_contains(now, 'suppression-reason') and not vim.tbl_contains(now, 'market-cross-border')
  end, 20)
  result.after = codes()
  -- A fix a rule pack declares, as a quick fix on its finding: applied to the buffer.
  local range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(0), character = 0 } }
  local fixes = vim.lsp.buf_request_sync(0, 'textDocument/codeAction',
    { textDocument = doc, range = range, context = { diagnostics = {}, only = { 'quickfix' } } }, 10000)
  for _, r in pairs(fixes or {}) do
    for _, action in ipairs(r.result or {}) do
      if action.title == vim.env.FIX_TITLE then
        result.fix = { title = action.title, preferred = action.isPreferred == true }
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      end
    end
  end
  result.fixed_lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.cmd('qa!')
