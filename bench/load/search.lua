-- GET /search/?q=… cycling through the queries in QUERIES (prepended by run.py).
local n = 0

function request()
  n = n + 1
  local q = QUERIES[(n % #QUERIES) + 1]
  return wrk.format("GET", "/search/?q=" .. q)
end
