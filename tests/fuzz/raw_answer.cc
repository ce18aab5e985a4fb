/**
 * \file raw_answer.cc
 * The fuzz-answer-records input format (see raw_answer.hh).
 */
#include "tests/fuzz/raw_answer.hh"

#include <algorithm>

namespace orchard::fuzz {
namespace {

/** Reads big-endian fields; a read past the end yields what is left. */
class Reader {
 public:
  Reader(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  bool done() const { return i_ >= n_; }
  uint32_t number(size_t bytes) {
    uint32_t v = 0;
    for (size_t k = 0; k < bytes; ++k) v = (v << 8) | (i_ < n_ ? d_[i_++] : 0);
    return v;
  }
  std::string bytes(size_t len) {
    len = std::min(len, n_ - i_);
    std::string s(reinterpret_cast<const char*>(d_ + i_), len);
    i_ += len;
    return s;
  }

 private:
  const uint8_t* d_;
  size_t n_, i_ = 0;
};

void putNumber(std::string& out, uint32_t v, size_t bytes) {
  while (bytes--) out += static_cast<char>((v >> (8 * bytes)) & 0xff);
}

}  // namespace

std::optional<RawCase> decodeRaw(const uint8_t* data, size_t size) {
  Reader in(data, size);
  RawCase c;
  uint32_t flags = in.number(1);
  c.reply.source = static_cast<AnswerSource>(flags & 3);
  c.allowPrivate = (flags & 4) != 0;
  c.reply.qtype = static_cast<uint16_t>(in.number(2));
  c.reply.rcode = static_cast<uint16_t>(in.number(1));
  std::string qname = in.bytes(in.number(1));
  if (!c.reply.qname.parseWire(reinterpret_cast<const uint8_t*>(qname.data()), qname.size()))
    return std::nullopt;
  while (!in.done() && c.reply.answer.size() < kMaxRecords) {
    AnswerRecord r;
    r.owner = in.bytes(in.number(1));
    r.type = static_cast<uint16_t>(in.number(2));
    r.ttl = in.number(4);
    r.rdata = in.bytes(in.number(2));
    size_t times = size_t{1} << (in.number(1) & 7);
    times = std::min(times, kMaxRecords - c.reply.answer.size());
    c.reply.answer.insert(c.reply.answer.end(), times, r);
  }
  return c;
}

std::string encodeRaw(const RawCase& c, const std::vector<uint8_t>& repeat) {
  std::string out;
  putNumber(out, static_cast<uint32_t>(c.reply.source) | (c.allowPrivate ? 4 : 0), 1);
  putNumber(out, c.reply.qtype, 2);
  putNumber(out, c.reply.rcode, 1);
  std::string qname;  // the wire form, rebuilt from the labels
  for (size_t i = 0; i < c.reply.qname.labelCount(); ++i) {
    qname += static_cast<char>(c.reply.qname.label(i).size());
    qname += c.reply.qname.label(i);
  }
  qname += '\0';
  putNumber(out, static_cast<uint32_t>(qname.size()), 1);
  out += qname;
  for (size_t i = 0; i < c.reply.answer.size(); ++i) {
    const AnswerRecord& r = c.reply.answer[i];
    putNumber(out, static_cast<uint32_t>(std::min<size_t>(r.owner.size(), 255)), 1);
    out += r.owner.substr(0, 255);
    putNumber(out, r.type, 2);
    putNumber(out, r.ttl, 4);
    putNumber(out, static_cast<uint32_t>(std::min<size_t>(r.rdata.size(), 65535)), 2);
    out += r.rdata.substr(0, 65535);
    putNumber(out, i < repeat.size() ? repeat[i] : 0, 1);
  }
  return out;
}

}  // namespace orchard::fuzz
