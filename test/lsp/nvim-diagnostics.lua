-- Headless Neovim as a second real client: opens a file, starts pgext-lint-server with the
-- built-in LSP client (the API of Neovim 0.7, still present in later versions) and writes the
-- diagnostics it received, one per line: "code line source".
local server = os.getenv('PGEXT_LINT_SERVER')
local root = os.getenv('PGEXT_LINT_ROOT')
local file = os.getenv('PGEXT_LINT_FILE')
local out = os.getenv('PGEXT_LINT_OUT')

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local client = vim.lsp.start_client({
  name = 'pgext-lint',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
})
vim.lsp.buf_attach_client(0, client)

vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format('%s %d %s', d.code or d.user_data.lsp.code, d.lnum + 1, d.source))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client) == nil end, 50)
vim.cmd('qall!')
