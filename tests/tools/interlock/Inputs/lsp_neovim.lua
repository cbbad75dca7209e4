-- Neovim's own LSP client (0.7, Debian 12's package) driving `interlock lsp`, headless:
-- lsp-neovim.test. It opens counter.cpp, waits for the cross-TU race's diagnostic and its
-- related location, asks for the NOLINT code action, then writes the fix and waits for
-- the diagnostic to clear. Each step is one line in $LSP_OUT for FileCheck; a step that
-- does not happen ends Neovim with status 1, saying which.
local interlock = os.getenv('INTERLOCK')
local dir = os.getenv('LSP_DIR')
local log = assert(io.open(os.getenv('LSP_OUT'), 'w'))
-- A safety net against a hung server, not a timing assertion.
local LIMIT = 300000

local function say(text)
  log:write(text .. '\n')
  log:flush()
end

local function fail(text)
  say('FAIL: ' .. text)
  vim.cmd('cquit 1')
end

local function where(uri, range)
  return string.format('%s:%d:%d', vim.uri_to_fname(uri), range.start.line + 1,
                       range.start.character + 1)
end

vim.cmd('edit ' .. dir .. '/counter.cpp')
local buf = vim.api.nvim_get_current_buf()
local exit_code
local client_id = vim.lsp.start_client({
  name = 'interlock',
  cmd = { interlock, 'lsp' },
  root_dir = dir,
  on_exit = function(code) exit_code = code end,
})
if not client_id then fail('the client did not start') end
vim.lsp.buf_attach_client(buf, client_id)

-- 1. The diagnostic, with the partner access in main.cpp as related information.
if not vim.wait(LIMIT, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  fail('no diagnostic for counter.cpp')
end
local d = vim.diagnostic.get(buf)[1]
say(string.format('diagnostic %s:%d:%d %s [%s] %s', vim.api.nvim_buf_get_name(buf),
                  d.lnum + 1, d.col + 1, d.source, d.code, d.message))
for _, rel in ipairs(d.user_data.lsp.relatedInformation or {}) do
  say('related ' .. where(rel.location.uri, rel.location.range) .. ' ' .. rel.message)
end

-- 2. The code action on that line, as `:lua vim.lsp.buf.code_action()` asks for it.
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = d.lnum, character = d.col },
                 ['end'] = { line = d.lnum, character = d.col } }
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) }
local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, LIMIT)
for _, answer in pairs(answers or {}) do
  for _, action in ipairs(answer.result or {}) do
    for uri, edits in pairs(action.edit.changes) do
      for _, e in ipairs(edits) do
        say('action "' .. action.title .. '" inserts "' .. e.newText .. '" at ' ..
            where(uri, e.range))
      end
    end
  end
end

-- 3. The fix, written: the diagnostic clears.
local fixed = vim.fn.readfile(dir .. '/counter-fixed.cpp')
vim.api.nvim_buf_set_lines(buf, 0, -1, false, fixed)
vim.cmd('write')
if not vim.wait(LIMIT, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
  fail('the diagnostic did not clear after the fix was saved')
end
say('cleared after saving the fix')

-- 4. shutdown and exit, as the client does them.
vim.lsp.stop_client(client_id)
if not vim.wait(LIMIT, function() return exit_code ~= nil end, 20) then
  fail('the server did not exit')
end
say('server exited with ' .. exit_code)
log:close()
vim.cmd('qall!')
