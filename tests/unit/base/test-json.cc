/**
 * \file test-json.cc
 * Tests policy/base/json.cc: escaping (short and long strings, into a string or
 * a buffer of the documented size) and comma placement.
 */
#include <boost/test/unit_test.hpp>

#include "policy/base/json.hh"

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

BOOST_AUTO_TEST_CASE(long_strings_escape_the_same) {
  // Past 64 bytes the text is written into the string itself, not a buffer.
  std::string part = "a\"\x1f\\b", s = "x", want = "x\"";
  for (int i = 0; i < 40; ++i) want += "a\\\"\\u001f\\\\b";
  want += '"';
  std::string text;
  for (int i = 0; i < 40; ++i) text += part;
  appendJsonString(s, text);
  BOOST_TEST(s == want);
  char buf[jsonStringText(4)];
  BOOST_TEST(std::string(buf, putJsonString(buf, "\x1f\x1f\x1f\x1f")) ==
             "\"\\u001f\\u001f\\u001f\\u001f\"");
}

BOOST_AUTO_TEST_SUITE_END()
