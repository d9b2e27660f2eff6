-- wrk script: GET a list of paths, each request with the next of many session cookies.
-- Arguments (after --): cookies file, paths file, cookie name, stop after N answers
-- (0: run for wrk's -d duration).
-- Request i is student (i mod S) on page (i mod S mod P): each student keeps to one path
-- of the list (their course, their chapter), as a class working on a course does.
-- done() prints one line "BENCH_JSON {...}" with the figures benchmarks/run reads.

local threads = {}
local thread_count = 0

local function read_lines(path)
  local lines = {}
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if #line > 0 then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
  threads[#threads + 1] = thread
end

function init(args)
  cookies = read_lines(args[1])
  paths = read_lines(args[2])
  cookie_name = args[3]
  counter = (index or 0) * 7919
  stop_after = tonumber(args[4] or "0")
  answers = 0
  server_errors = 0
end

function request()
  counter = counter + 1
  local headers = {}
  local student = counter % math.max(#cookies, 1)
  if #cookies > 0 then
    -- With the CSRF cookie a browser keeps after its first page (32 allowed characters):
    -- without it, every answer would create a new CSRF secret and set the cookie again.
    headers["Cookie"] = cookie_name .. "=" .. cookies[student + 1] .. "; csrftoken=" .. string.format("%032d", student)
  end
  return wrk.format("GET", paths[(student % #paths) + 1], headers)
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
  answers = answers + 1
  if stop_after > 0 and answers >= stop_after then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local five = 0
  for _, t in ipairs(threads) do five = five + (t:get("server_errors") or 0) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_timeout": %d, "errors_status": %d, "status_5xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status, five))
end
