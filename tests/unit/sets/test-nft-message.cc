/**
 * \file test-nft-message.cc
 * Tests policy/sets/nft_backend.cc's message layout: NEWSETELEM messages built
 * with putNftElement() (no allocation, the resolver's path) are byte for
 * byte the messages libnftnl builds for the same elements: timeouts with
 * their expiration, concatenated keys, key ends, interval-end flags.
 */
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <boost/test/unit_test.hpp>
#include <vector>

#include "policy/sets/nft_backend.hh"

using namespace orchard;

namespace {

constexpr uint32_t kSeq = 4242;

nlmsghdr* header(char* buf) {
  return nftnl_nlmsg_build_hdr(buf, NFT_MSG_NEWSETELEM, NFPROTO_INET, NLM_F_CREATE, kSeq);
}

/** The message as libnftnl builds it. */
std::vector<char> viaNftnl(const std::vector<NftElement>& elements) {
  alignas(nlmsghdr) static char buf[8192];
  nlmsghdr* h = header(buf);
  nftnl_set* s = nftnl_set_alloc();
  nftnl_set_set_str(s, NFTNL_SET_TABLE, "orchard");
  nftnl_set_set_str(s, NFTNL_SET_NAME, "orchard6");
  for (const NftElement& e : elements) {
    nftnl_set_elem* x = nftnl_set_elem_alloc();
    nftnl_set_elem_set(x, NFTNL_SET_ELEM_KEY, e.key, static_cast<uint32_t>(e.keyLen));
    if (e.keyEnd)
      nftnl_set_elem_set(x, NFTNL_SET_ELEM_KEY_END, e.keyEnd, static_cast<uint32_t>(e.keyLen));
    if (e.flags) nftnl_set_elem_set_u32(x, NFTNL_SET_ELEM_FLAGS, e.flags);
    if (e.timeoutMs >= 0) {
      nftnl_set_elem_set_u64(x, NFTNL_SET_ELEM_TIMEOUT, static_cast<uint64_t>(e.timeoutMs));
      nftnl_set_elem_set_u64(x, NFTNL_SET_ELEM_EXPIRATION, static_cast<uint64_t>(e.timeoutMs));
    }
    nftnl_set_elem_add(s, x);
  }
  nftnl_set_elems_nlmsg_build_payload(h, s);
  nftnl_set_free(s);
  return {buf, buf + h->nlmsg_len};
}

/** The message as NftBackend::write builds it. */
std::vector<char> viaOrchard(const std::vector<NftElement>& elements) {
  alignas(nlmsghdr) static char buf[8192];
  nlmsghdr* h = header(buf);
  mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_SET, "orchard6");
  mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_TABLE, "orchard");
  nlattr* list = mnl_attr_nest_start(h, NFTA_SET_ELEM_LIST_ELEMENTS);
  uint16_t index = 0;
  for (const NftElement& e : elements) putNftElement(h, ++index, e);
  mnl_attr_nest_end(h, list);
  return {buf, buf + h->nlmsg_len};
}

NftElement timed(const uint8_t* key, size_t len, int64_t ms) {
  NftElement e;
  e.key = key;
  e.keyLen = len;
  e.timeoutMs = ms;
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nft_message)

BOOST_AUTO_TEST_CASE(timed_service_elements_as_libnftnl) {
  uint8_t k6[32], k4[32];
  size_t n6 = putKey(k6, *Address::parse("2001:db8::5"), SetKind::service, Protocol::tcp, 443);
  size_t n4 = putKey(k4, *Address::parse("192.0.2.10"), SetKind::service, Protocol::udp, 123);
  BOOST_TEST(n6 == 24u);
  BOOST_TEST(n4 == 12u);
  std::vector<NftElement> elements{timed(k6, n6, 660000), timed(k4, n4, 300000),
                                   timed(k4, 4, 86400000)};
  auto ours = viaOrchard(elements), theirs = viaNftnl(elements);
  BOOST_TEST(ours.size() == theirs.size());
  BOOST_TEST(ours == theirs);
}

BOOST_AUTO_TEST_CASE(ranges_and_interval_ends_as_libnftnl) {
  uint8_t base[32], end[32];
  size_t n = putKey(base, *Address::parse("203.0.113.0"), SetKind::blocks, Protocol::tcp, 443);
  putKey(end, *Address::parse("203.0.113.255"), SetKind::blocks, Protocol::tcp, 443);
  NftElement range;
  range.key = base;
  range.keyLen = n;
  range.keyEnd = end;
  NftElement start, past;
  start.key = past.key = base;
  start.keyLen = past.keyLen = 4;
  past.flags = NFT_SET_ELEM_INTERVAL_END;
  std::vector<NftElement> elements{range, start, past};
  auto ours = viaOrchard(elements), theirs = viaNftnl(elements);
  BOOST_TEST(ours.size() == theirs.size());
  BOOST_TEST(ours == theirs);
}

BOOST_AUTO_TEST_CASE(a_different_timeout_is_a_different_message) {
  uint8_t k[32];
  size_t n = putKey(k, *Address::parse("192.0.2.10"), SetKind::address, Protocol::tcp, 0);
  BOOST_TEST(viaOrchard({timed(k, n, 300000)}) != viaNftnl({timed(k, n, 300001)}));
}

BOOST_AUTO_TEST_SUITE_END()
