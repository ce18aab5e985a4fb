/**
 * \file make-corpus.cc
 * Writes the binary seeds of the answer fuzz targets:
 *   make-corpus DIR   ->  DIR/dns-answer/NAME.bin, DIR/answer-records/NAME.bin
 * DNS messages are built from presentation-form records with ldns and
 * encoded with name compression (as servers send them); each is checked to
 * parse back. The raw seeds are the same answers in raw_answer.hh's format
 * plus records no parser would produce. The text seeds (catalog, site,
 * config, state file) are written by hand and live beside these in the tree.
 * Built in the fuzz build (configure --enable-fuzzing) as
 * tests/fuzz/make-corpus; run: tests/fuzz/make-corpus $srcdir/tests/fuzz/corpus
 */
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tests/fuzz/ldns_reply.hh"
#include "tests/fuzz/raw_answer.hh"

// Last: ldns/common.h defines `bool` as a macro unless a C++ header already
// defined __bool_true_false_are_defined.
#include <ldns/ldns.h>

namespace {

struct Seed {
  const char* name;
  uint16_t id;  // low bits: source (0 resolved, 1 cache, 2 local, 3 servfail), 4: allow-private
  uint8_t rcode;
  const char* qname;
  ldns_rr_type qtype;
  std::vector<std::string> answer, authority;
};

std::vector<Seed> seeds() {
  std::vector<std::string> longChain;  // 20 CNAMEs: longer than Chain::kMaxChain
  for (int i = 0; i < 20; ++i)
    longChain.push_back("c" + std::to_string(i) + ".example. 60 IN CNAME c" +
                        std::to_string(i + 1) + ".example.");
  longChain[0] = "gdmf.apple.com. 60 IN CNAME c1.example.";
  std::vector<std::string> many;
  for (int i = 0; i < 120; ++i)
    many.push_back("time.apple.com. 30 IN A 17.253." + std::to_string(i) + ".1");
  return {
      {"cname-chain-a",
       0,
       LDNS_RCODE_NOERROR,
       "gs.apple.com.",
       LDNS_RR_TYPE_A,
       {"gs.apple.com. 300 IN CNAME gs-loadbalancer.apple.com.",
        "gs-loadbalancer.apple.com. 300 IN CNAME gs.apple.com.akadns.net.",
        "gs.apple.com.akadns.net. 20 IN A 17.253.17.202",
        "gs.apple.com.akadns.net. 20 IN A 17.253.17.204"},
       {}},
      {"aaaa-cache",
       1,
       LDNS_RCODE_NOERROR,
       "1-courier.push.apple.com.",
       LDNS_RR_TYPE_AAAA,
       {"1-courier.push.apple.com. 60 IN CNAME 1.courier-push-apple.com.akadns.net.",
        "1.courier-push-apple.com.akadns.net. 60 IN AAAA 2620:149:a44::1"},
       {}},
      {"sinkhole-local",
       2,
       LDNS_RCODE_NOERROR,
       "albert.apple.com.",
       LDNS_RR_TYPE_A,
       {"albert.apple.com. 3600 IN A 0.0.0.0"},
       {}},
      {"nxdomain-local",
       2,
       LDNS_RCODE_NXDOMAIN,
       "captive.apple.com.",
       LDNS_RR_TYPE_A,
       {},
       {"apple.com. 60 IN SOA ns.apple.com. hostmaster.apple.com. 1 2 3 4 5"}},
      {"servfail", 3, LDNS_RCODE_SERVFAIL, "gdmf.apple.com.", LDNS_RR_TYPE_A, {}, {}},
      {"cname-loop",
       0,
       LDNS_RCODE_NOERROR,
       "mdmenrollment.apple.com.",
       LDNS_RR_TYPE_A,
       {"mdmenrollment.apple.com. 60 IN CNAME loop.example.",
        "loop.example. 60 IN CNAME MDMenrollment.Apple.COM.", "loop.example. 60 IN A 17.1.1.1"},
       {}},
      {"long-chain", 0, LDNS_RCODE_NOERROR, "gdmf.apple.com.", LDNS_RR_TYPE_A, longChain, {}},
      {"private-allowed",
       4,
       LDNS_RCODE_NOERROR,
       "iprofiles.apple.com.",
       LDNS_RR_TYPE_A,
       {"IPROFILES.apple.com. 60 IN A 10.1.2.3", "iprofiles.apple.com. 60 IN A 192.0.2.1"},
       {}},
      {"nodata-mx",
       0,
       LDNS_RCODE_NOERROR,
       "apple.com.",
       LDNS_RR_TYPE_MX,
       {"apple.com. 60 IN MX 10 mx-in.g.apple.com."},
       {}},
      {"many-records", 1, LDNS_RCODE_NOERROR, "time.apple.com.", LDNS_RR_TYPE_A, many, {}},
      {"look-alike",
       0,
       LDNS_RCODE_NOERROR,
       "evilapple.com.",
       LDNS_RR_TYPE_A,
       {"evilapple.com. 60 IN A 198.51.100.7"},
       {}},
  };
}

std::string toWire(const Seed& s) {
  ldns_rdf* qname = ldns_dname_new_frm_str(s.qname);
  ldns_pkt* pkt = ldns_pkt_query_new(qname, s.qtype, LDNS_RR_CLASS_IN, LDNS_RD);
  ldns_pkt_set_id(pkt, s.id);
  ldns_pkt_set_qr(pkt, true);
  ldns_pkt_set_ra(pkt, true);
  ldns_pkt_set_rcode(pkt, s.rcode);
  auto push = [&](const std::vector<std::string>& rrs, ldns_pkt_section section) {
    for (const auto& text : rrs) {
      ldns_rr* rr = nullptr;
      if (ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK) {
        std::fprintf(stderr, "make-corpus: bad record '%s'\n", text.c_str());
        std::exit(1);
      }
      ldns_pkt_push_rr(pkt, section, rr);
    }
  };
  push(s.answer, LDNS_SECTION_ANSWER);
  push(s.authority, LDNS_SECTION_AUTHORITY);
  uint8_t* wire = nullptr;
  size_t size = 0;
  if (ldns_pkt2wire(&wire, pkt, &size) != LDNS_STATUS_OK) std::exit(1);
  std::string out(reinterpret_cast<char*>(wire), size);
  LDNS_FREE(wire);
  ldns_pkt_free(pkt);
  return out;
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/** An owner or target name in wire form from dotted labels. */
std::string wireName(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) out += static_cast<char>(l.size()) + l;
  return out + '\0';
}

/** Raw seeds that only the raw target can express. */
void writeOddRaw(const std::string& dir) {
  using orchard::AnswerRecord;
  namespace rrtype = orchard::rrtype;
  orchard::fuzz::RawCase c;
  c.reply.qname.parse("gs.apple.com");
  c.reply.qtype = rrtype::A;
  std::string gs = wireName({"gs", "apple", "com"});
  std::string target = wireName({"cdn", "example"});
  std::string pointer("\xc0\x0c", 2);
  c.reply.answer = {
      AnswerRecord{pointer, rrtype::CNAME, 60, target},  // compressed owner
      AnswerRecord{gs, rrtype::CNAME, 60,
                   "\x03"
                   "cdn\xc0\x10"},  // compressed target
      AnswerRecord{gs, rrtype::CNAME, 60,
                   "\x40"
                   "cdn"},  // bad label length
      AnswerRecord{gs, rrtype::CNAME, 60,
                   "\x03"
                   "cdn\x07"
                   "exa"},                                              // truncated target
      AnswerRecord{gs, rrtype::A, 60, std::string("\x11\x00\x00", 3)},  // short A
      AnswerRecord{gs, rrtype::AAAA, 60, std::string(15, '\x20')},      // short AAAA
      AnswerRecord{gs, rrtype::A, 60, std::string("\x11\x00\x00\x01", 4)},
  };
  write(dir + "/odd-records.bin", orchard::fuzz::encodeRaw(c));
  c.reply.answer = {AnswerRecord{gs, rrtype::CNAME, 60, gs}};  // points at itself
  write(dir + "/self-loop.bin", orchard::fuzz::encodeRaw(c));
  c.reply.answer = {AnswerRecord{gs, rrtype::CNAME, 5, target}};  // then 4095 A records:
  c.reply.answer.resize(33, AnswerRecord{gs, rrtype::A, 5, std::string("\x11\x00\x00\x02", 4)});
  std::vector<uint8_t> repeat(33, 7);  // 128 copies each, capped at kMaxRecords in all
  repeat[0] = 0;
  write(dir + "/huge-count.bin", orchard::fuzz::encodeRaw(c, repeat));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make-corpus DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  for (const Seed& s : seeds()) {
    std::string wire = toWire(s);
    orchard::fuzz::RawCase c;
    if (!orchard::fuzz::replyFromWire(reinterpret_cast<const uint8_t*>(wire.data()), wire.size(),
                                      c.reply)) {
      std::fprintf(stderr, "make-corpus: seed %s does not parse back\n", s.name);
      return 1;
    }
    c.reply.source = static_cast<orchard::AnswerSource>(s.id & 3);
    c.allowPrivate = (s.id & 4) != 0;
    write(dir + "/dns-answer/" + s.name + ".bin", wire);
    write(dir + "/answer-records/" + s.name + ".bin", orchard::fuzz::encodeRaw(c));
  }
  // A message whose answer name is a pointer to itself: ldns must reject it.
  std::string bad = toWire(seeds()[0]);
  size_t owner = 12 + 14 + 4;  // after the header and the question (gs.apple.com A IN)
  bad[owner] = '\xc0';
  bad[owner + 1] = static_cast<char>(owner);
  write(dir + "/dns-answer/pointer-loop.bin", bad);
  writeOddRaw(dir + "/answer-records");
  return 0;
}
