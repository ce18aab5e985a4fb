/**
 * \file test-json.cc
 * Tests policy/json.cc: escaping and comma placement.
 */
#include <boost/test/unit_test.hpp>

#include "policy/json.hh"

using namespace orchard;

BOOST_AUTO_TEST_SUITE(json)

BOOST_AUTO_TEST_CASE(nested_containers_and_commas) {
  std::string s;
  JsonWriter w(s);
  w.beginObject().field("a", 1).key("b").beginArray().value("x").value(true).null().endArray();
  w.key("c").beginObject().endObject().field("d", uint64_t{7}).endObject();
  BOOST_TEST(s == R"({"a":1,"b":["x",true,null],"c":{},"d":7})");
}

BOOST_AUTO_TEST_CASE(escaping) {
  std::string s;
  appendJsonString(s, "q\"\\\n\t\x01\x7f日本");
  BOOST_TEST(s == "\"q\\\"\\\\\\n\\t\\u0001\\u007f日本\"");
}

BOOST_AUTO_TEST_SUITE_END()
