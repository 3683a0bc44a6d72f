-- wrk script: every request asks for the path with a query parameter no other request used, so the output cache
-- (which varies by query string) never has the answer and each request renders the page from the database.
-- Each wrk thread has its own Lua state; the thread's id keeps counters from two threads apart.
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("thread_id", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = (thread_id or tostring(math.random(1, 1e9))) .. "-"
end

function request()
  counter = counter + 1
  local path = wrk.path
  local separator = path:find("?", 1, true) and "&" or "?"
  return wrk.format("GET", path .. separator .. "x=" .. prefix .. counter)
end
