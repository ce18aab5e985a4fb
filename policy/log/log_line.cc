/**
 * \file log_line.cc
 * Filling, copying, expanding and formatting a queued log record (see
 * log/log_line.hh). The JSON line is the one formatLogLine has always
 * written: same fields, same order, same bytes.
 */
#include "policy/log/log_line.hh"

#include <array>
#include <cstring>
#include <new>
#include <stdexcept>

#include "policy/base/json.hh"
#include "policy/log/format.hh"

namespace orchard {

namespace {

/** A text of at most 15 bytes, copied whole (a fixed-size copy) into a
 *  line that has room to spare, then taken for its length. */
struct ShortText {
  char text[15] = {};
  uint8_t len = 0;
};

constexpr ShortText shortText(std::string_view s) {
  ShortText t;
  for (size_t i = 0; i < s.size() && i < sizeof t.text; ++i) t.text[i] = s[i];
  t.len = static_cast<uint8_t>(s.size());
  return t;
}

struct KnownQtype {
  uint16_t qtype;
  ShortText name;
};
constexpr KnownQtype kQtypes[] = {  // the usual first
    {1, shortText("A")},      {28, shortText("AAAA")}, {5, shortText("CNAME")},
    {65, shortText("HTTPS")}, {64, shortText("SVCB")}, {2, shortText("NS")},
    {6, shortText("SOA")},    {12, shortText("PTR")},  {15, shortText("MX")},
    {16, shortText("TXT")},   {33, shortText("SRV")},  {255, shortText("ANY")}};

const ShortText* knownQtype(uint16_t qtype) {
  for (const auto& k : kQtypes)
    if (k.qtype == qtype) return &k.name;
  return nullptr;
}

/** Writes the payload front to back. */
struct Cursor {
  uint8_t* p;
  template <typename T>
  void put(T v) {
    std::memcpy(p, &v, sizeof v);
    p += sizeof v;
  }
  void bytes(const void* b, size_t n) {
    if (n) std::memcpy(p, b, n);
    p += n;
  }
};

/** Reads it back. */
struct Reader {
  const uint8_t* p;
  template <typename T>
  T get() {
    T v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  }
  std::string_view text(size_t n) {
    std::string_view s(reinterpret_cast<const char*>(p), n);
    p += n;
    return s;
  }
};

using RowRef = std::pair<LogRowId, PatternKind>;

uint16_t clamp16(size_t n) { return n > UINT16_MAX ? UINT16_MAX : static_cast<uint16_t>(n); }

}  // namespace

std::string qtypeName(uint16_t qtype) {
  const ShortText* known = knownQtype(qtype);
  return known ? std::string(known->text, known->len) : "TYPE" + std::to_string(qtype);
}

/** The variable part of a record, as both fill()s have it. */
struct LogLine::Parts {
  std::string_view qnameWire, reason;
  const RowRef* rows;
  size_t nRows;
  const std::vector<std::string>& cnames;
  const std::vector<TtlAddress>& addresses;
};

uint8_t* LogLine::reserve(size_t size) {
  releaseSpill();
  size_ = static_cast<uint32_t>(size);
  if (size <= kInline) return inline_;
  spill_ = new (std::nothrow) uint8_t[size];
  return spill_;
}

void LogLine::releaseSpill() {
  delete[] spill_;
  spill_ = nullptr;
}

void LogLine::write(const Parts& parts) {
  size_t reasonLen = clamp16(parts.reason.size());
  nRows_ = clamp16(parts.nRows);
  nCnames_ = clamp16(parts.cnames.size());
  nAddresses_ = static_cast<uint32_t>(parts.addresses.size());
  size_t size = 1 + parts.qnameWire.size() + 2 + reasonLen + 5 * nRows_;
  for (size_t i = 0; i < nCnames_; ++i) size += 2 + clamp16(parts.cnames[i].size());
  for (const auto& a : parts.addresses) size += 1 + a.address.size() + 4;
  Cursor c{reserve(size)};
  broken_ = c.p == nullptr;
  if (broken_) {
    size_ = 0, nRows_ = nCnames_ = 0, nAddresses_ = 0;
    return;
  }
  uint8_t* base = c.p;
  c.put(static_cast<uint8_t>(parts.qnameWire.size()));
  c.bytes(parts.qnameWire.data(), parts.qnameWire.size());
  reasonAt_ = static_cast<uint32_t>(c.p - base);
  c.put(static_cast<uint16_t>(reasonLen));
  c.bytes(parts.reason.data(), reasonLen);
  rowsAt_ = static_cast<uint32_t>(c.p - base);
  for (size_t i = 0; i < nRows_; ++i) {
    c.put(parts.rows[i].first);
    c.put(static_cast<uint8_t>(parts.rows[i].second));
  }
  cnamesAt_ = static_cast<uint32_t>(c.p - base);
  for (size_t i = 0; i < nCnames_; ++i) {
    uint16_t n = clamp16(parts.cnames[i].size());
    c.put(n);
    c.bytes(parts.cnames[i].data(), n);
  }
  addressesAt_ = static_cast<uint32_t>(c.p - base);
  for (const auto& a : parts.addresses) {
    c.put(static_cast<uint8_t>(a.address.family));
    c.bytes(a.address.bytes.data(), a.address.size());
    c.put(a.ttl);
  }
}

void LogLine::fill(const LogFacts& f) noexcept {
  const Reply& r = f.reply;
  timeUs_ = f.timeUs;
  thread_ = r.thread;
  qtype_ = r.qtype;
  rcode_ = r.rcode;
  source_ = static_cast<uint8_t>(r.source);
  kind_ = static_cast<uint8_t>(f.outcome.kind);
  hasClient_ = r.client.has_value();
  if (hasClient_) client_ = *r.client;
  admitted_ = static_cast<uint32_t>(f.outcome.admit.size());
  RowRef rows[MatchList::kCapacity];
  size_t n = 0;
  for (const Match& m : f.matches) rows[n++] = {f.rowIds[m.row], m.how};
  write({r.qname.wire(), f.outcome.reason, rows, n, f.outcome.chain.cnames,
         f.outcome.chain.addresses});
}

void LogLine::fill(const LogEntry& e) {
  timeUs_ = e.timeUs;
  thread_ = e.thread;
  qtype_ = e.qtype;
  rcode_ = e.rcode;
  source_ = static_cast<uint8_t>(e.source);
  kind_ = static_cast<uint8_t>(e.kind);
  hasClient_ = !e.client.empty();
  if (hasClient_) {
    auto a = Address::parse(e.client);
    if (!a) throw std::invalid_argument("log entry: bad client address '" + e.client + "'");
    client_ = *a;
  }
  admitted_ = static_cast<uint32_t>(e.admitted);
  DnsName q;
  if (!q.parse(e.qname) || q.toString() != e.qname)
    throw std::invalid_argument("log entry: query name '" + e.qname + "' is not canonical");
  std::vector<RowRef> rows;
  for (const auto& row : e.rows) rows.emplace_back(internLogRow(row.section, row.pattern), row.how);
  write({q.wire(), e.reason, rows.data(), rows.size(), e.cnames, e.addresses});
}

void LogLine::copyFrom(const LogLine& o) {
  // The header and only the used part of the payload: one copy when inline
  // (the payload follows the header).
  if (!o.spill_) {
    std::memcpy(static_cast<void*>(this), &o, offsetof(LogLine, inline_) + o.size_);
    return;
  }
  std::memcpy(static_cast<void*>(this), &o, offsetof(LogLine, inline_));
  spill_ = new uint8_t[o.size_];
  std::memcpy(spill_, o.spill_, o.size_);
}

void LogLine::moveFrom(LogLine& o) {
  std::memcpy(static_cast<void*>(this), &o, offsetof(LogLine, inline_));
  if (o.spill_)
    o.spill_ = nullptr;  // taken over
  else
    std::memcpy(inline_, o.inline_, o.size_);
}

LogLine& LogLine::assign(const LogLine& o) {
  if (this != &o) {
    releaseSpill();
    copyFrom(o);
  }
  return *this;
}

LogLine& LogLine::operator=(LogLine&& o) noexcept {
  if (this != &o) {
    releaseSpill();
    moveFrom(o);
  }
  return *this;
}

std::string_view LogLine::reason() const {
  Reader r{payload() + reasonAt_};
  auto n = r.get<uint16_t>();
  return r.text(n);
}

LogEntry LogLine::expand() const {
  LogEntry e;
  e.timeUs = timeUs_;
  if (hasClient_) e.client = client_.toString();
  appendWireName(e.qname, qnameWire());
  e.qtype = qtype_;
  e.rcode = rcode_;
  e.source = static_cast<AnswerSource>(source_);
  e.thread = thread_;
  Reader r{payload() + rowsAt_};
  for (size_t i = 0; i < nRows_; ++i) {
    const LogRowText& t = logRowText(r.get<LogRowId>());
    e.rows.push_back({t.section, t.pattern, static_cast<PatternKind>(r.get<uint8_t>())});
  }
  e.kind = kind();
  e.reason = reason();
  for (size_t i = 0; i < nCnames_; ++i) {
    auto n = r.get<uint16_t>();
    e.cnames.emplace_back(r.text(n));
  }
  forEachAddress([&e](const TtlAddress& ta) { e.addresses.push_back(ta); });
  e.admitted = admitted_;
  return e;
}

namespace {

template <size_t N>
char* put(char* p, const char (&literal)[N]) {
  std::memcpy(p, literal, N - 1);
  return p + N - 1;
}

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put(char* p, const ShortText& t) {
  std::memcpy(p, t.text, sizeof t.text);
  return p + t.len;
}

/** An enum's texts, looked up once; the last for a value out of range. */
template <typename E, size_t N>
std::array<ShortText, N + 1> enumTexts() {
  std::array<ShortText, N + 1> t;
  for (size_t i = 0; i < N; ++i) t[i] = shortText(toString(static_cast<E>(i)));
  t[N] = shortText("?");
  return t;
}
const auto kKindTexts = enumTexts<OutcomeKind, kOutcomeKinds>();
const auto kSourceTexts = enumTexts<AnswerSource, 4>();

template <size_t N>
const ShortText& enumText(const std::array<ShortText, N>& texts, size_t i) {
  return texts[i < N - 1 ? i : N - 1];
}

// Per piece, at most: the line's fixed text with its numbers, time and
// client; an address element; a row element's separator.
constexpr size_t kLineFixed = 512, kAddressElement = 96, kRowElement = 1;
/** The head: its text, the ISO time (27) and an address text (at most 45). */
constexpr size_t kHeadBound = 32 + 27 + 48;
constexpr size_t kTailBound = 16 + 20 + 1;

}  // namespace

size_t LogLine::jsonBound() const {
  // qname, reason and CNAMEs are in the payload; escaped, none takes more
  // than 6 bytes of text per payload byte (log/format.hh, base/json.hh).
  return kLineFixed + 6 * size_t{size_} + kAddressElement * nAddresses_ + 3 * nCnames_ +
         (maxLogRowElement() + kRowElement) * nRows_;
}

char* LogLine::putRows(char* p) const {
  Reader r{payload() + rowsAt_};
  for (size_t i = 0; i < nRows_; ++i) {
    if (i) *p++ = ',';
    const LogRowText& t = logRowText(r.get<LogRowId>());
    p = put(p, t.element(r.get<uint8_t>()));
  }
  return p;
}

char* LogLine::putCnames(char* p) const {
  Reader r{payload() + cnamesAt_};
  for (size_t i = 0; i < nCnames_; ++i) {
    if (i) *p++ = ',';
    auto n = r.get<uint16_t>();
    p = putJsonString(p, r.text(n));
  }
  return p;
}

char* LogLine::putAddresses(char* p, TextCache& cache) const {
  const char* first = p;
  forEachAddress([&](const TtlAddress& ta) {
    if (p != first) *p++ = ',';
    p = put(p, "{\"address\":\"");
    p = cache.putAddress(p, ta.address);
    p = put(p, "\",\"ttl\":");
    p = putDecimal(p, uint64_t{ta.ttl});
    *p++ = '}';
  });
  return p;
}

char* LogLine::putJson(char* p, TextCache& cache) const {
  return putTail(putMiddle(putHead(p, cache), cache));
}

char* LogLine::putHead(char* p, TextCache& cache) const {
  p = cache.putIsoTime(put(p, "{\"time\":\""), timeUs_);
  p = put(p, "\",\"client\":\"");
  return hasClient_ ? cache.putAddress(p, client_) : p;
}

char* LogLine::putMiddle(char* p, TextCache& cache) const {
  p = putWireName(put(p, "\",\"qname\":"), qnameWire(), true);
  p = put(p, ",\"qtype\":\"");
  const ShortText* known = knownQtype(qtype_);
  p = known ? put(p, *known) : putDecimal(put(p, "TYPE"), uint64_t{qtype_});
  p = putRows(put(p, "\",\"rows\":["));
  p = put(put(p, "],\"outcome\":\""), enumText(kKindTexts, kind_));
  p = putJsonString(put(p, "\",\"reason\":"), reason());
  p = putDecimal(put(p, ",\"rcode\":"), uint64_t{rcode_});
  p = put(put(p, ",\"source\":\""), enumText(kSourceTexts, source_));
  p = putCnames(put(p, "\",\"cnames\":["));
  p = putAddresses(put(p, "],\"addresses\":["), cache);
  return putDecimal(put(p, "],\"admitted\":"), uint64_t{admitted_});
}

char* LogLine::putTail(char* p) const {
  p = putDecimal(put(p, ",\"thread\":"), int64_t{thread_});
  *p++ = '}';
  return p;
}

void LogLine::appendJsonHead(std::string& out, TextCache& cache) const {
  char buf[kHeadBound];
  out.append(buf, static_cast<size_t>(putHead(buf, cache) - buf));
}

void LogLine::appendJsonMiddle(std::string& out, TextCache& cache) const {
  size_t at = out.size();
  out.resize(at + jsonBound());
  out.resize(static_cast<size_t>(putMiddle(out.data() + at, cache) - out.data()));
}

void LogLine::appendJsonTail(std::string& out) const {
  char buf[kTailBound];
  out.append(buf, static_cast<size_t>(putTail(buf) - buf));
}

bool LogLine::sameAnswerAs(const LogLine& o) const {
  return size_ == o.size_ && reasonAt_ == o.reasonAt_ && rowsAt_ == o.rowsAt_ &&
         cnamesAt_ == o.cnamesAt_ && addressesAt_ == o.addressesAt_ &&
         nAddresses_ == o.nAddresses_ && admitted_ == o.admitted_ && qtype_ == o.qtype_ &&
         rcode_ == o.rcode_ && nRows_ == o.nRows_ && nCnames_ == o.nCnames_ &&
         source_ == o.source_ && kind_ == o.kind_ && !broken_ && !o.broken_ &&
         std::memcmp(payload(), o.payload(), size_) == 0;
}

void LogLine::appendJson(std::string& out) const {
  // Written through a pointer into a buffer sized once for the whole line:
  // on the stack for any usual line, else in `out` itself.
  TextCache& cache = TextCache::forThisThread();
  char stack[4096];
  size_t bound = jsonBound();
  if (bound <= sizeof stack) {
    out.append(stack, static_cast<size_t>(putJson(stack, cache) - stack));
    return;
  }
  size_t at = out.size();
  out.resize(at + bound);
  out.resize(static_cast<size_t>(putJson(out.data() + at, cache) - out.data()));
}

std::string formatLogLine(const LogEntry& e) {
  LogLine r;
  r.fill(e);
  std::string out;
  out.reserve(512);  // a typical line, written without regrowing
  r.appendJson(out);
  return out;
}

}  // namespace orchard
