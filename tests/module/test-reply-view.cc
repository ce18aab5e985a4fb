/**
 * \file test-reply-view.cc
 * Tests reply_view.cc, rrset_records.cc, client_address.cc and
 * answer_memo.cc on Unbound structures built by hand: the TTL arithmetic
 * (absolute cache TTLs, serve-expired, serve-original-ttl, fixed TTLs),
 * which rcode each callback really means, when records are sent, the
 * local-data CNAME, the client, and when a remembered outcome is replayed.
 *
 * The module's code reads Unbound's serve-expired globals, which live in
 * the Unbound daemon; this test program defines them itself.
 */
#define BOOST_TEST_MODULE orchard_module
#include <arpa/inet.h>
#include <netinet/in.h>

#include <boost/test/included/unit_test.hpp>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "module/answer_memo.hh"
#include "module/client_address.hh"
#include "module/reply_view.hh"
#include "module/rrset_records.hh"
#include "module/unbound.hh"

extern "C" {
int SERVE_EXPIRED = 0;
time_t SERVE_EXPIRED_TTL = 0;
time_t SERVE_EXPIRED_REPLY_TTL = 30;
int SERVE_ORIGINAL_TTL = 0;
}

namespace {

using orchard::AnswerSource;
using orchard::Reply;
using orchard::module::CallbackInput;

constexpr time_t kNow = 1'800'000'000;

/** Restores the serve-expired globals after a test changed them. */
struct GlobalsGuard {
  ~GlobalsGuard() { SERVE_EXPIRED = 0, SERVE_ORIGINAL_TTL = 0; }
};

std::string wire(std::initializer_list<std::string> labels) {
  std::string w;
  for (const auto& l : labels) w += static_cast<char>(l.size()) + l;
  return w + '\0';
}

/** An Unbound rrset with the storage it points into. */
struct Rrset {
  ub_packed_rrset_key key{};
  packed_rrset_data data{};
  std::string owner;
  std::vector<std::vector<uint8_t>> rdata;  // with the 2-byte length in front
  std::vector<size_t> lens;
  std::vector<time_t> ttls;
  std::vector<uint8_t*> ptrs;

  Rrset(std::string ownerWire, uint16_t type, std::vector<std::pair<time_t, std::string>> rrs)
      : owner(std::move(ownerWire)) {
    for (auto& [ttl, rd] : rrs) {
      std::vector<uint8_t> v{static_cast<uint8_t>(rd.size() >> 8), static_cast<uint8_t>(rd.size())};
      v.insert(v.end(), rd.begin(), rd.end());
      rdata.push_back(std::move(v));
      ttls.push_back(ttl);
    }
    for (auto& v : rdata) ptrs.push_back(v.data()), lens.push_back(v.size());
    data.count = rdata.size();
    data.rr_len = lens.data();
    data.rr_ttl = ttls.data();
    data.rr_data = ptrs.data();
    key.entry.data = &data;
    key.rk.dname = reinterpret_cast<uint8_t*>(owner.data());
    key.rk.dname_len = owner.size();
    key.rk.type = htons(type);
    key.rk.rrset_class = htons(LDNS_RR_CLASS_IN);
  }
};

std::string v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return {char(a), char(b), char(c), char(d)};
}

/** A reply_info over the given answer rrsets. */
struct Rep {
  reply_info rep{};
  std::vector<ub_packed_rrset_key*> sets;
  Rep(uint16_t rcode, std::vector<Rrset*> answer) {
    for (Rrset* r : answer) sets.push_back(&r->key);
    rep.flags = static_cast<uint16_t>(BIT_QR | BIT_RA | rcode);
    rep.an_numrrsets = rep.rrset_count = sets.size();
    rep.rrsets = sets.data();
  }
};

struct Query {
  std::string name = wire({"mesu", "apple", "com"});
  query_info qinfo{};
  explicit Query(uint16_t qtype = orchard::rrtype::A) {
    qinfo.qname = reinterpret_cast<uint8_t*>(name.data());
    qinfo.qname_len = name.size();
    qinfo.qtype = qtype;
    qinfo.qclass = LDNS_RR_CLASS_IN;
  }
};

Reply viewOf(AnswerSource s, const Query& q, const reply_info* rep, int rcode,
             const comm_reply* client = nullptr) {
  CallbackInput in{s, &q.qinfo, rep, rcode, client, kNow};
  Reply r;
  orchard::module::fillReply(in, r);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rrset_records)

BOOST_AUTO_TEST_CASE(cache_ttls_are_absolute_and_made_relative) {
  Rrset a(wire({"e4", "cdn", "example"}), orchard::rrtype::A,
          {{kNow + 25, v4(198, 51, 100, 41)}, {kNow - 5, v4(198, 51, 100, 42)}});
  BOOST_TEST(orchard::module::ttlAsSent(a.key, 0, kNow) == 25u);
  BOOST_TEST(orchard::module::ttlAsSent(a.key, 1, kNow) == 0u);  // expired
  GlobalsGuard g;
  SERVE_EXPIRED = 1;
  BOOST_TEST(orchard::module::ttlAsSent(a.key, 1, kNow) == 30u);  // serve-expired-reply-ttl
}

BOOST_AUTO_TEST_CASE(relative_ttls_are_kept) {
  Rrset a(wire({"x"}), orchard::rrtype::A, {{60, v4(0, 0, 0, 0)}});
  BOOST_TEST(orchard::module::ttlAsSent(a.key, 0, 0) == 60u);
}

BOOST_AUTO_TEST_CASE(fixed_ttl_rrsets_are_not_adjusted) {
  Rrset a(wire({"x"}), orchard::rrtype::A, {{60, v4(0, 0, 0, 0)}});
  a.key.rk.flags |= PACKED_RRSET_FIXEDTTL;
  BOOST_TEST(orchard::module::ttlAsSent(a.key, 0, kNow) == 60u);
}

BOOST_AUTO_TEST_CASE(serve_original_ttl_subtracts_the_storage_time) {
  Rrset a(wire({"x"}), orchard::rrtype::A, {{kNow - 100 + 300, v4(1, 2, 3, 4)}});
  a.data.ttl_add = kNow - 100;
  GlobalsGuard g;
  SERVE_ORIGINAL_TTL = 1;
  BOOST_TEST(orchard::module::ttlAsSent(a.key, 0, kNow) == 300u);
}

BOOST_AUTO_TEST_CASE(rdata_loses_its_length_prefix) {
  Rrset a(wire({"a", "b"}), orchard::rrtype::A, {{10, v4(203, 0, 113, 7)}});
  std::vector<orchard::AnswerRecord> out;
  size_t used = 0;
  orchard::module::appendRecords(a.key, 0, out, used);
  BOOST_TEST(used == 1u);
  BOOST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].owner == wire({"a", "b"}));
  BOOST_TEST(out[0].type == orchard::rrtype::A);
  BOOST_TEST(out[0].ttl == 10u);
  BOOST_TEST(out[0].rdata == v4(203, 0, 113, 7));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reply_view)

BOOST_AUTO_TEST_CASE(resolved_answer_with_a_cname_chain) {
  Query q;
  Rrset cname(q.name, orchard::rrtype::CNAME, {{300, wire({"e4", "cdn", "example"})}});
  Rrset a(wire({"e4", "cdn", "example"}), orchard::rrtype::A, {{30, v4(198, 51, 100, 41)}});
  Rep rep(LDNS_RCODE_NOERROR, {&cname, &a});
  Reply r = viewOf(AnswerSource::resolved, q, &rep.rep, LDNS_RCODE_NOERROR);
  BOOST_TEST(r.rcode == 0u);
  BOOST_TEST(r.qtype == orchard::rrtype::A);
  BOOST_TEST(orchard::toString(r.source) == "resolved");
  BOOST_REQUIRE(r.answer.size() == 2u);
  BOOST_TEST(r.answer[0].type == orchard::rrtype::CNAME);
  BOOST_TEST(r.answer[0].rdata == wire({"e4", "cdn", "example"}));
  BOOST_TEST(r.answer[1].ttl == 30u);
  BOOST_TEST(!r.client.has_value());
}

BOOST_AUTO_TEST_CASE(resolved_nxdomain_comes_in_the_flags) {
  Query q;
  Rep rep(LDNS_RCODE_NXDOMAIN, {});
  BOOST_TEST(viewOf(AnswerSource::resolved, q, &rep.rep, LDNS_RCODE_NOERROR).rcode == 3u);
}

BOOST_AUTO_TEST_CASE(resolved_error_rcode_sends_no_records) {
  Query q;
  Rrset a(q.name, orchard::rrtype::A, {{30, v4(1, 2, 3, 4)}});
  Rep rep(LDNS_RCODE_NOERROR, {&a});
  Reply r = viewOf(AnswerSource::resolved, q, &rep.rep, LDNS_RCODE_REFUSED);
  BOOST_TEST(r.rcode == 5u);
  BOOST_TEST(r.answer.empty());
}

BOOST_AUTO_TEST_CASE(flag_bits_in_the_rcode_argument_are_ignored) {
  Query q;
  Rep rep(LDNS_RCODE_NOERROR, {});
  BOOST_TEST(viewOf(AnswerSource::resolved, q, &rep.rep, BIT_TC).rcode == 0u);
}

BOOST_AUTO_TEST_CASE(cache_rcode_is_the_replys_not_the_argument) {
  Query q;
  Rep rep(LDNS_RCODE_NXDOMAIN, {});
  // answer_from_cache passes the query's flags & RCODE_MASK
  BOOST_TEST(viewOf(AnswerSource::cache, q, &rep.rep, 0).rcode == 3u);
  Rep ok(LDNS_RCODE_NOERROR, {});
  BOOST_TEST(viewOf(AnswerSource::cache, q, &ok.rep, 5).rcode == 0u);
}

BOOST_AUTO_TEST_CASE(cache_answer_ttls_are_relative) {
  Query q;
  Rrset a(q.name, orchard::rrtype::A, {{kNow + 17, v4(203, 0, 113, 11)}});
  Rep rep(LDNS_RCODE_NOERROR, {&a});
  Reply r = viewOf(AnswerSource::cache, q, &rep.rep, 0);
  BOOST_REQUIRE(r.answer.size() == 1u);
  BOOST_TEST(r.answer[0].ttl == 17u);
  BOOST_TEST(orchard::toString(r.source) == "cache");
}

BOOST_AUTO_TEST_CASE(local_error_has_no_reply_info) {
  Query q;
  Reply r = viewOf(AnswerSource::local, q, nullptr, LDNS_RCODE_NXDOMAIN);
  BOOST_TEST(r.rcode == 3u);
  BOOST_TEST(r.answer.empty());
  BOOST_TEST(orchard::toString(r.source) == "local");
}

BOOST_AUTO_TEST_CASE(local_redirect_answer) {
  Query q;
  Rrset a(q.name, orchard::rrtype::A, {{60, v4(0, 0, 0, 0)}});
  Rep rep(LDNS_RCODE_NOERROR, {&a});
  Reply r = viewOf(AnswerSource::local, q, &rep.rep, LDNS_RCODE_NOERROR);
  BOOST_REQUIRE(r.answer.size() == 1u);
  BOOST_TEST(r.answer[0].ttl == 60u);
}

BOOST_AUTO_TEST_CASE(servfail_sends_nothing) {
  Query q;
  Rrset a(q.name, orchard::rrtype::A, {{30, v4(1, 2, 3, 4)}});
  Rep rep(LDNS_RCODE_NOERROR, {&a});
  Reply r = viewOf(AnswerSource::servfail, q, &rep.rep, LDNS_RCODE_SERVFAIL);
  BOOST_TEST(r.rcode == 2u);
  BOOST_TEST(r.answer.empty());
}

BOOST_AUTO_TEST_CASE(local_alias_cname_is_prepended) {
  Query q;
  Rrset alias(q.name, orchard::rrtype::CNAME, {{3600, wire({"t", "example"})}});
  local_rrset la{};
  la.rrset = &alias.key;
  q.qinfo.local_alias = &la;
  Rrset a(wire({"t", "example"}), orchard::rrtype::A, {{kNow + 9, v4(192, 0, 2, 1)}});
  Rep rep(LDNS_RCODE_NOERROR, {&a});
  Reply r = viewOf(AnswerSource::cache, q, &rep.rep, 0);
  BOOST_REQUIRE(r.answer.size() == 2u);
  BOOST_TEST(r.answer[0].type == orchard::rrtype::CNAME);
  BOOST_TEST(r.answer[0].ttl == 3600u);  // local data: never made relative to now
  BOOST_TEST(r.answer[1].ttl == 9u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(client_address)

BOOST_AUTO_TEST_CASE(ipv4_and_ipv6_clients) {
  comm_reply c4{};
  auto& sin = reinterpret_cast<sockaddr_in&>(c4.client_addr);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(5353);
  inet_pton(AF_INET, "192.0.2.7", &sin.sin_addr);
  c4.client_addrlen = sizeof sin;
  auto a = orchard::module::clientOf(&c4);
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->address.toString() == "192.0.2.7");
  BOOST_TEST(a->port == 5353u);

  comm_reply c6{};
  auto& sin6 = reinterpret_cast<sockaddr_in6&>(c6.client_addr);
  sin6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "2001:db8::7", &sin6.sin6_addr);
  c6.client_addrlen = sizeof sin6;
  auto b = orchard::module::clientOf(&c6);
  BOOST_REQUIRE(b.has_value());
  BOOST_TEST(b->address.toString() == "2001:db8::7");
}

BOOST_AUTO_TEST_CASE(no_reply_info_means_no_client) {
  BOOST_TEST(!orchard::module::clientOf(nullptr).has_value());
  comm_reply unix{};
  unix.client_addr.ss_family = AF_UNIX;
  BOOST_TEST(!orchard::module::clientOf(&unix).has_value());
}

BOOST_AUTO_TEST_CASE(client_is_the_proxied_client_not_the_socket_peer) {
  comm_reply c{};
  auto& peer = reinterpret_cast<sockaddr_in&>(c.remote_addr);
  peer.sin_family = AF_INET;
  inet_pton(AF_INET, "198.51.100.1", &peer.sin_addr);
  c.remote_addrlen = sizeof peer;
  auto& client = reinterpret_cast<sockaddr_in&>(c.client_addr);
  client.sin_family = AF_INET;
  inet_pton(AF_INET, "192.0.2.99", &client.sin_addr);
  c.client_addrlen = sizeof client;
  BOOST_TEST(orchard::module::clientOf(&c)->address.toString() == "192.0.2.99");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(answer_memo)

using orchard::module::AnswerMemo;
using orchard::module::MemoOwner;

constexpr MemoOwner kOwner{1, 7};

/** A cache answer for q: a CNAME to an A rrset, the worker's clock kNow. */
struct CacheAnswer {
  Query q;
  Rrset cname{q.name, orchard::rrtype::CNAME, {{kNow + 300, wire({"e4", "cdn", "example"})}}};
  Rrset a{wire({"e4", "cdn", "example"}), orchard::rrtype::A, {{kNow + 30, v4(198, 51, 100, 41)}}};
  Rep rep{LDNS_RCODE_NOERROR, {&cname, &a}};
  CacheAnswer() { cname.key.id = 11, a.key.id = 12; }
  CallbackInput input(time_t now = kNow) const {
    return {AnswerSource::cache, &q.qinfo, &rep.rep, 0, nullptr, now};
  }
};

orchard::Outcome outcomeWithReason(const std::string& reason) {
  orchard::Outcome o;
  o.reason = reason;
  return o;
}

BOOST_AUTO_TEST_CASE(the_same_answer_in_the_same_second_is_found) {
  CacheAnswer c;
  AnswerMemo memo;
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  memo.store(c.input(), kOwner, outcomeWithReason("first"));
  const orchard::module::Replay* o = memo.find(c.input(), kOwner);
  BOOST_REQUIRE(o != nullptr);
  BOOST_TEST(o->outcome.reason == "first");
  BOOST_TEST(o->lineOrNull() == nullptr);  // the caller adds it
}

BOOST_AUTO_TEST_CASE(another_second_engine_or_source_is_not_found) {
  CacheAnswer c;
  AnswerMemo memo;
  memo.store(c.input(), kOwner, outcomeWithReason("x"));
  BOOST_TEST(memo.find(c.input(kNow + 1), kOwner) == nullptr);  // the TTLs moved
  BOOST_TEST(memo.find(c.input(), {2, 7}) == nullptr);          // another engine
  BOOST_TEST(memo.find(c.input(), {1, 8}) == nullptr);          // a reloaded policy
  BOOST_TEST(memo.find(c.input(), {1, 7, 1}) == nullptr);       // the sets flushed since
  CallbackInput resolved = c.input();
  resolved.source = AnswerSource::resolved;
  BOOST_TEST(memo.find(resolved, kOwner) == nullptr);
  memo.store(resolved, kOwner, outcomeWithReason("y"));  // not kept either
  BOOST_TEST(memo.find(c.input(), kOwner)->outcome.reason == "x");
}

BOOST_AUTO_TEST_CASE(any_change_in_the_answer_is_a_miss) {
  CacheAnswer c;
  AnswerMemo memo;
  memo.store(c.input(), kOwner, outcomeWithReason("x"));
  c.a.rdata[0].back() = 42;  // new data under the same id
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  c.a.rdata[0].back() = 41;
  BOOST_TEST(memo.find(c.input(), kOwner) != nullptr);
  c.a.ttls[0] += 60;  // a fresher copy: same data, longer TTL
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  c.a.ttls[0] -= 60;
  c.a.key.id = 99;  // the key reused for another rrset
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  c.a.key.id = 12;
  c.rep.rep.flags = static_cast<uint16_t>(BIT_QR | BIT_RA | LDNS_RCODE_NXDOMAIN);
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  c.rep.rep.flags = static_cast<uint16_t>(BIT_QR | BIT_RA);
  c.q.name[1] = 'M';  // the query name's bytes (case too)
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  c.q.name[1] = 'm';
  BOOST_TEST(memo.find(c.input(), kOwner) != nullptr);
}

BOOST_AUTO_TEST_CASE(local_alias_and_oversized_answers_are_not_kept) {
  CacheAnswer c;
  AnswerMemo memo;
  local_rrset alias{};
  alias.rrset = &c.cname.key;
  c.q.qinfo.local_alias = &alias;
  memo.store(c.input(), kOwner, outcomeWithReason("x"));
  BOOST_TEST(memo.find(c.input(), kOwner) == nullptr);
  c.q.qinfo.local_alias = nullptr;

  std::vector<std::pair<time_t, std::string>> many;
  for (int i = 0; i < 200; ++i) many.push_back({kNow + 30, v4(198, 51, 100, uint8_t(i))});
  Rrset big(wire({"e4", "cdn", "example"}), orchard::rrtype::A, many);
  Rep rep(LDNS_RCODE_NOERROR, {&c.cname, &big});
  CallbackInput in{AnswerSource::cache, &c.q.qinfo, &rep.rep, 0, nullptr, kNow};
  std::string bytes;
  BOOST_TEST(!orchard::module::answerBytes(in, bytes));
  memo.store(in, kOwner, outcomeWithReason("big"));
  BOOST_TEST(memo.find(in, kOwner) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_hundred_names_of_one_second_are_all_kept) {
  // A direct-mapped table of 1,024 slots lost some of them to each other.
  CacheAnswer c;
  auto memo = std::make_unique<AnswerMemo>();
  auto name = [&c](int i) {  // "m" + two letters: 100 names of one length
    c.q.name[2] = static_cast<char>('a' + i % 10);
    c.q.name[3] = static_cast<char>('a' + i / 10);
  };
  for (int i = 0; i < 100; ++i) name(i), memo->store(c.input(), kOwner, outcomeWithReason("x"));
  int found = 0;
  for (int i = 0; i < 100; ++i) name(i), found += memo->find(c.input(), kOwner) != nullptr;
  BOOST_TEST(found == 100);
}

BOOST_AUTO_TEST_CASE(a_reused_reply_replaces_all_its_records) {
  CacheAnswer c;
  Reply r;
  orchard::module::fillReply(c.input(), r);
  BOOST_TEST(r.answer.size() == 2u);
  Rep one(LDNS_RCODE_NOERROR, {&c.a});
  orchard::module::fillReply({AnswerSource::cache, &c.q.qinfo, &one.rep, 0, nullptr, kNow}, r);
  BOOST_REQUIRE(r.answer.size() == 1u);
  BOOST_TEST(r.answer[0].type == orchard::rrtype::A);
  BOOST_TEST(r.answer[0].ttl == 30u);
}

BOOST_AUTO_TEST_SUITE_END()
