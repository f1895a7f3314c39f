-- Headless Neovim driven after the documented init.lua (docs/editors.md) has been loaded and the C
-- file given on the command line opened: waits for pgext-lint's diagnostics there, opens the control
-- file and a new .control.in, and writes what a user would see as JSON to $PGEXT_LINT_OUT:
-- filetypes, diagnostics ("code line") per file, and how many pgext-lint clients run.
local out = os.getenv('PGEXT_LINT_OUT')
local control = os.getenv('PGEXT_LINT_CONTROL')
local template = os.getenv('PGEXT_LINT_TEMPLATE')
local clients = vim.lsp.get_clients or vim.lsp.get_active_clients

local function diagnostics(buf)
  vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(found, string.format('%s %d %s', code, d.lnum + 1, d.source))
  end
  table.sort(found)
  return found
end

local result = { c = {}, control = {} }
local c_buf = vim.api.nvim_get_current_buf()
result.c.filetype = vim.bo[c_buf].filetype
result.c.diagnostics = diagnostics(c_buf)

vim.cmd('edit ' .. vim.fn.fnameescape(control))
local control_buf = vim.api.nvim_get_current_buf()
result.control.filetype = vim.bo[control_buf].filetype
result.control.diagnostics = diagnostics(control_buf)

vim.cmd('edit ' .. vim.fn.fnameescape(template))
result.template_filetype = vim.bo.filetype

result.clients = 0
for _, client in ipairs(clients()) do
  if client.name == 'pgext-lint' then
    result.clients = result.clients + 1
  end
end

vim.fn.writefile({ vim.fn.json_encode(result) }, out)
for _, client in ipairs(clients()) do
  vim.lsp.stop_client(client.id)
end
vim.wait(5000, function() return #clients() == 0 end, 50)
vim.cmd('qall!')
