/**
 * \file command_args.cc
 * Checking a request's arguments against the command table (see
 * control/command_args.hh).
 */
#include "policy/control/command_args.hh"

#include <charconv>
#include <stdexcept>

namespace orchard {

std::string usageError(const CommandSpec& spec, const std::string& problem) {
  return std::string(spec.name) + ": " + problem + " (usage: " + usageOf(spec) + ")";
}

std::optional<CommandArgs> CommandArgs::parse(const CommandSpec& spec, const ControlRequest& r,
                                              std::string& error) {
  CommandArgs out(spec);
  out.json_ = r.json;
  if (r.json && !spec.json) {
    error = usageError(spec, "--json is not offered");
    return std::nullopt;
  }
  for (size_t i = 0; i < r.args.size(); ++i) {
    const std::string& a = r.args[i];
    if (a.starts_with("--")) {
      const CommandOption* o = findOption(spec, std::string_view(a).substr(2));
      if (!o || o->side != OptionSide::server)
        error = usageError(spec, "unexpected '" + a + "'");
      else if (o->flag())
        out.given_.emplace_back(o->name, "");
      else if (i + 1 < r.args.size())
        out.given_.emplace_back(o->name, r.args[++i]);
      else
        error = usageError(spec, a + " needs a value");
    } else if (spec.positional != Positional::none && !out.argument_) {
      out.argument_ = a;
    } else {
      error = usageError(spec, "unexpected '" + a + "'");
    }
    if (!error.empty()) return std::nullopt;
  }
  if (spec.positional == Positional::required && !out.argument_) {
    error = usageError(spec, "missing " + std::string(spec.argument));
    return std::nullopt;
  }
  return out;
}

void CommandArgs::requireOption(std::string_view name) const {
  const CommandOption* o = findOption(*spec_, name);
  if (!o || o->side != OptionSide::server)
    throw std::logic_error(std::string(spec_->name) + " has no option --" + std::string(name));
}

bool CommandArgs::has(std::string_view name) const {
  requireOption(name);
  for (const auto& [n, v] : given_)
    if (n == name) return true;
  return false;
}

std::optional<std::string> CommandArgs::value(std::string_view name) const {
  requireOption(name);
  std::optional<std::string> out;
  for (const auto& [n, v] : given_)
    if (n == name) out = v;
  return out;
}

bool CommandArgs::positive(std::string_view name, size_t& out, std::string& error) const {
  auto v = value(name);
  if (!v) return true;
  size_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n == 0) {
    error = std::string(spec_->name) + ": --" + std::string(name) +
            " takes a positive number, not '" + *v + "'";
    return false;
  }
  out = n;
  return true;
}

}  // namespace orchard
