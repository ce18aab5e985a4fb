/**
 * \file upstream.cc
 * `ADDR[@PORT]` resolver addresses (see upstream.hh).
 */
#include "tools/upstream.hh"

#include <charconv>
#include <iostream>

namespace orchard::ctl {

std::optional<Upstream> Upstream::parse(std::string_view text) {
  Upstream u;
  auto at = text.find('@');
  if (at != std::string_view::npos) {
    std::string_view p = text.substr(at + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port == 0 || port > 65535)
      return std::nullopt;
    u.port = static_cast<uint16_t>(port);
    text = text.substr(0, at);
  }
  auto a = Address::parse(text);
  if (!a) return std::nullopt;
  u.address = *a;
  return u;
}

std::string Upstream::text() const { return address.toString() + "@" + std::to_string(port); }

void addUpstreamOption(boost::program_options::options_description& opts, const char* help) {
  opts.add_options()(
      "upstream",
      boost::program_options::value<std::vector<std::string>>()->value_name("ADDR[@PORT]"), help);
}

std::optional<std::vector<Upstream>> upstreamsFrom(const boost::program_options::variables_map& vm,
                                                   std::string_view command) {
  std::vector<Upstream> out;
  if (!vm.count("upstream")) {
    std::cerr << "orchardctl " << command
              << ": --upstream ADDR[@PORT] is required (see 'orchardctl " << command
              << " --help')\n";
    return std::nullopt;
  }
  for (const auto& s : vm["upstream"].as<std::vector<std::string>>()) {
    auto u = Upstream::parse(s);
    if (!u) {
      std::cerr << "orchardctl " << command << ": --upstream '" << s
                << "' is not ADDR[@PORT] (see 'orchardctl " << command << " --help')\n";
      return std::nullopt;
    }
    out.push_back(*u);
  }
  return out;
}

}  // namespace orchard::ctl
