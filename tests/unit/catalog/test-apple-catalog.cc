/**
 * \file test-apple-catalog.cc
 * Checks the shipped catalog (policy/catalog/apple.catalog) against the article:
 * every row of every table, with its ports, protocol, OS list and proxy
 * cell, restated here independently of the file, plus the article's rules.
 */
#include <boost/test/unit_test.hpp>

#include "policy/catalog/parser.hh"
#include "tests/unit/test_paths.hh"

using namespace orchard;

namespace {

struct Expected {
  const char* section;
  const char* pattern;
  const char* ports;  // as the article lists them
  const char* proto;
  const char* os;
  const char* proxy;  // yes / no / unspecified (blank cell)
};

// The article's tables, row by row, in its order.
const Expected kRows[] = {
    {"device-setup", "albert.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"device-setup", "captive.apple.com", "443,80", "tcp", "ios,tvos,macos", "yes"},
    {"device-setup", "gs.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"device-setup", "time-ios.apple.com", "123", "udp", "ios", "no"},
    {"device-setup", "time.apple.com", "123", "udp", "ios,tvos,macos", "no"},
    {"device-setup", "time-macos.apple.com", "123", "udp", "macos", "no"},
    {"device-management", "*.push.apple.com", "443,80,5223,2197", "tcp", "ios,tvos,macos",
     "unspecified"},
    {"device-management", "gdmf.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"device-management", "deviceenrollment.apple.com", "443", "tcp", "ios,tvos,macos",
     "unspecified"},
    {"device-management", "deviceservices-external.apple.com", "443", "tcp", "ios,tvos,macos",
     "unspecified"},
    {"device-management", "identity.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"device-management", "iprofiles.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"device-management", "mdmenrollment.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"device-management", "vpp.itunes.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"software-update", "appldnld.apple.com", "80", "tcp", "ios", "no"},
    {"software-update", "gg.apple.com", "443,80", "tcp", "macos", "yes"},
    {"software-update", "gnf-mdn.apple.com", "443", "tcp", "macos", "yes"},
    {"software-update", "gnf-mr.apple.com", "443", "tcp", "macos", "yes"},
    {"software-update", "gs.apple.com", "443,80", "tcp", "macos", "yes"},
    {"software-update", "ig.apple.com", "443", "tcp", "macos", "yes"},
    {"software-update", "mesu.apple.com", "443,80", "tcp", "ios,tvos,macos", "no"},
    {"software-update", "ns.itunes.apple.com", "443", "tcp", "ios", "yes"},
    {"software-update", "oscdn.apple.com", "443,80", "tcp", "macos", "no"},
    {"software-update", "osrecovery.apple.com", "443,80", "tcp", "macos", "no"},
    {"software-update", "skl.apple.com", "443", "tcp", "macos", "unspecified"},
    {"software-update", "swcdn.apple.com", "80", "tcp", "macos", "no"},
    {"software-update", "swdist.apple.com", "443", "tcp", "macos", "no"},
    {"software-update", "swdownload.apple.com", "443,80", "tcp", "macos", "yes"},
    {"software-update", "swpost.apple.com", "80", "tcp", "macos", "yes"},
    {"software-update", "swscan.apple.com", "443", "tcp", "macos", "no"},
    {"software-update", "updates-http.cdn-apple.com", "80", "tcp", "ios,tvos,macos", "no"},
    {"software-update", "updates.cdn-apple.com", "443", "tcp", "ios,tvos,macos", "no"},
    {"software-update", "xp.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"app-store", "*.itunes.apple.com", "443,80", "tcp", "ios,tvos,macos", "yes"},
    {"app-store", "*.apps.apple.com", "443", "tcp", "ios,tvos,macos", "yes"},
    {"app-store", "*.mzstatic.com", "443", "tcp", "ios,tvos,macos", "unspecified"},
    {"app-store", "itunes.apple.com", "443,80", "tcp", "ios,tvos,macos", "yes"},
    {"app-store", "ppq.apple.com", "443", "tcp", "ios,tvos,macos", "unspecified"},
    {"content-caching", "lcdn-registration.apple.com", "443", "tcp", "macos", "yes"},
    {"notarization", "17.248.128.0/18", "443", "tcp", "macos", "unspecified"},
    {"notarization", "17.250.64.0/18", "443", "tcp", "macos", "unspecified"},
    {"notarization", "17.248.192.0/19", "443", "tcp", "macos", "unspecified"},
    {"certificate-validation", "crl.apple.com", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "crl.entrust.net", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "crl3.digicert.com", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "crl4.digicert.com", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "ocsp.apple.com", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "ocsp.digicert.com", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "ocsp.entrust.net", "80", "tcp", "ios,tvos,macos", "unspecified"},
    {"certificate-validation", "ocsp.verisign.net", "80", "tcp", "ios,tvos,macos", "unspecified"},
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string join(const std::vector<uint16_t>& v) {
  std::string out;
  for (auto p : v) out += (out.empty() ? "" : ",") + std::to_string(p);
  return out;
}

const Catalog& shipped() {
  static const Catalog c = loadCatalog(shippedCatalogPath(), "");
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apple_catalog)

BOOST_AUTO_TEST_CASE(every_row_of_the_article_in_order) {
  const auto& rows = shipped().rows();
  BOOST_REQUIRE_EQUAL(rows.size(), std::size(kRows));
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const Expected& e = kRows[i];
    BOOST_TEST_CONTEXT("row " << i << " " << e.pattern) {
      BOOST_TEST(r.section == e.section);
      BOOST_TEST(r.pattern == e.pattern);
      BOOST_TEST(join(r.ports) == e.ports);
      BOOST_TEST(toString(r.protocol) == e.proto);
      BOOST_TEST(join(r.os) == e.os);
      BOOST_TEST(toString(r.proxy) == e.proxy);
    }
  }
}

BOOST_AUTO_TEST_CASE(seven_sections_with_both_languages) {
  const char* ids[] = {"device-setup",    "device-management", "software-update",       "app-store",
                       "content-caching", "notarization",      "certificate-validation"};
  BOOST_REQUIRE_EQUAL(shipped().sections().size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    const Section& s = shipped().sections()[i];
    BOOST_TEST(s.id == ids[i]);
    BOOST_TEST(!s.title.empty());
    BOOST_TEST(!s.titleJa.empty());
  }
}

BOOST_AUTO_TEST_CASE(descriptions_keep_english_and_japanese) {
  for (const Row& r : shipped().rows()) BOOST_TEST(r.desc.empty() == r.descJa.empty(), r.pattern);
  auto captive = shipped().rowsWithPattern("captive.apple.com");
  BOOST_TEST(shipped().row(captive.at(0)).descJa ==
             "キャプティブポータルを利用するネットワークに対するインターネット接続の検証");
  auto push = shipped().rowsWithPattern("*.push.apple.com");
  BOOST_TEST(!shipped().row(push.at(0)).proxyNoteJa.empty());
}

BOOST_AUTO_TEST_CASE(gs_apple_com_is_two_rows_with_union_of_ports) {
  auto ids = shipped().rowsWithPattern("gs.apple.com");
  BOOST_REQUIRE_EQUAL(ids.size(), 2u);
  BOOST_TEST(toString(shipped().portsUnion(ids)) == "tcp 80,443");
}

BOOST_AUTO_TEST_CASE(the_articles_rules) {
  const Rule* fw = shipped().findRule("firewall");
  BOOST_REQUIRE(fw);
  BOOST_TEST(fw->applies == std::vector<std::string>{"*.apple.com"});
  BOOST_REQUIRE_EQUAL(fw->blocks.size(), 1u);
  BOOST_TEST(fw->blocks[0].toString() == "17.0.0.0/8");
  BOOST_REQUIRE(shipped().findRule("proxy"));
  BOOST_TEST(shipped().findRule("proxy")->applies == std::vector<std::string>{"catalog"});
  BOOST_REQUIRE(shipped().findRule("apns-pac"));
  BOOST_TEST(shipped().findRule("apns-pac")->textJa.find("PAC") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
