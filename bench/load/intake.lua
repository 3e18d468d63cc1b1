-- POST /api/v1/cases: every request a new case with a new applicant, as a pushing
-- platform or a window clerk's client would send. run.py prepends WORLD (tokens
-- with their township, villages, assistance types and their materials) and
-- passes "<offset> <threads>" after --, so that every ID number, phone number,
-- Idempotency-Key and external reference is unique across runs on one database.
local WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local CHECK = "10X98765432"
local SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"}
local GIVEN = {"秀英", "桂兰", "建国", "志强", "海燕", "丽娟", "春梅", "文斌"}
local CHANNELS = {"online", "window", "hotline_12349", "proxy"}
local offset, nthreads, serial = 0, 1, 0

function init(args)
  offset = tonumber(args[1] or "0")
  nthreads = tonumber(args[2] or "1")
  math.randomseed(offset + (id or 0) * 7919)
end

local function pick(list)
  return list[math.random(#list)]
end

local function id_number(k)
  -- k → a birth date from 1940-01-01 on (one day per 1,000 numbers) and a serial.
  local born = os.date("!%Y%m%d", -946771200 + math.floor(k / 1000) * 86400)
  local body = pick(WORLD.areas) .. born .. string.format("%03d", k % 1000)
  local total = 0
  for i = 1, 17 do
    total = total + tonumber(body:sub(i, i)) * WEIGHTS[i]
  end
  local r = total % 11
  return body .. CHECK:sub(r + 1, r + 1)
end

local function json_string(s)
  return '"' .. s .. '"'  -- the values here never contain quotes or backslashes
end

function request()
  local k = offset + serial * nthreads + (id or 0)
  serial = serial + 1
  local client = WORLD.clients[(k % #WORLD.clients) + 1]
  local kind = pick(WORLD.types)
  local materials = {}
  for _, name in ipairs(kind.materials) do
    if math.random() < 0.6 then
      table.insert(materials, string.format(
        '{"name": %s, "pages": %d}', json_string(name), math.random(1, 6)))
    end
  end
  local body = string.format(
    '{"assistance_type": %s, "channel": %s, "township": %s, "village": %s, ' ..
    '"applicant": {"name": %s, "id_number": %s, "phone": "13%09d", ' ..
    '"address": %s}, "description": %s, "materials": [%s], ' ..
    '"external_reference": "LD%010d"}',
    json_string(kind.code), json_string(pick(CHANNELS)),
    json_string(client.township), json_string(pick(WORLD.villages[client.township])),
    json_string(pick(SURNAMES) .. pick(GIVEN)), json_string(id_number(k)), k % 1000000000,
    json_string(client.township .. "第" .. math.random(1, 12) .. "组"),
    json_string(string.rep("家庭收入低于当地标准，申请救助。", math.random(1, 4))),
    table.concat(materials, ", "), k)
  return wrk.format("POST", "/api/v1/cases", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. client.token,
    ["Idempotency-Key"] = string.format("load-%012d-%08x", k, math.random(0, 0x7fffffff)),
  }, body)
end
