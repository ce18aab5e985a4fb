/**
 * \file set_views.cc
 * Text and JSON pages of the set control commands (see set_views.hh).
 */
#include "policy/set_views.hh"

#include <chrono>
#include <map>

#include "policy/control_views.hh"
#include "policy/json.hh"

namespace orchard {
namespace {

std::string seconds(const std::optional<int64_t>& ms) {
  return ms ? std::to_string((*ms + 999) / 1000) + " s" : "-";
}

std::string flag(ElementState s) {
  switch (s) {
    case ElementState::both: return "";
    case ElementState::onlyKernel: return "  ONLY IN KERNEL";
    case ElementState::onlyShadow: return "  ONLY IN SHADOW (the kernel lost it; refill due)";
    case ElementState::timeoutDiffers: return "  TIMEOUT DIFFERS";
  }
  return "";
}

std::string headline(const SetSpec& spec, const SetDiff& d, bool isStatic) {
  std::string out = spec.name + " (" + std::string(toString(spec.kind)) + "): ";
  if (!d.kernel.ok()) out += "KERNEL: " + d.kernel.what + "; ";
  if (isStatic) return out + "kernel " + std::to_string(d.kernelEntries) + " entries (static)\n";
  return out + "kernel " + std::to_string(d.kernelEntries) + ", shadow " +
         std::to_string(d.shadowElements) + ", " + std::to_string(d.differences) +
         " difference(s)\n";
}

int64_t wallMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string setsText(const SetLayout& layout, const std::vector<SetDiff>& diffs) {
  std::string out;
  for (const SetDiff& d : diffs) {
    out += headline(layout.set(d.set), d, layout.isStatic(d.set));
    for (const ElementRow& r : d.rows)
      out += "  " + toString(r.element, layout.set(d.set)) + "  kernel " +
             (r.inKernel ? seconds(r.kernelLeftMs) : "-") + ", shadow " + seconds(r.shadowLeftMs) +
             flag(r.state) + "\n";
  }
  return out;
}

std::string setsJson(const SetLayout& layout, const std::vector<SetDiff>& diffs) {
  std::string out;
  JsonWriter w(out);
  w.beginArray();
  for (const SetDiff& d : diffs) {
    const SetSpec& spec = layout.set(d.set);
    w.beginObject().field("set", spec.name).field("kind", toString(spec.kind));
    w.field("present", d.kernel.ok()).field("error", d.kernel.what);
    w.field("kernel_entries", static_cast<uint64_t>(d.kernelEntries));
    w.field("shadow_elements", static_cast<uint64_t>(d.shadowElements));
    w.field("differences", static_cast<uint64_t>(d.differences)).key("elements").beginArray();
    for (const ElementRow& r : d.rows) {
      w.beginObject().field("element", toString(r.element, spec)).field("in_kernel", r.inKernel);
      w.key("kernel_ms");
      r.kernelLeftMs ? w.value(*r.kernelLeftMs) : w.null();
      w.key("shadow_ms");
      r.shadowLeftMs ? w.value(*r.shadowLeftMs) : w.null();
      w.field("state", toString(r.state)).endObject();
    }
    w.endArray().endObject();
  }
  w.endArray();
  return out;
}

std::vector<SetElement> elementsOf(const SetLayout& layout, const Catalog& catalog,
                                   const Provenance& p) {
  MatchList matches;
  for (const LogRow& lr : p.rows)
    for (RowId id = 0; id < catalog.rows().size(); ++id)
      if (catalog.row(id).section == lr.section && catalog.row(id).pattern == lr.pattern)
        matches.add({id, lr.how});
  std::vector<SetElement> out;
  layout.elementsFor(catalog, matches, p.address, out);
  return out;
}

std::string whyElementsText(const SetFeeder& feeder, const std::vector<SetElement>& elements) {
  if (elements.empty()) return "  elements: none (its rows are no longer in the catalog)\n";
  std::map<SetIndex, SetDiff> diffs;  // one kernel listing per set
  std::string out = "  elements\n";
  int64_t now = SetFeeder::nowMs(), wall = wallMicros();
  for (const SetElement& e : elements) {
    if (!diffs.count(e.set)) diffs.emplace(e.set, diffSet(feeder, e.set));
    const SetDiff& d = diffs.at(e.set);
    const ElementRow* r = findRow(d, e);
    const SetSpec& spec = feeder.layout().set(e.set);
    out += "    " + spec.name + " " + toString(e, spec) + ": ";
    if (!d.kernel.ok())
      out += "set unreadable (" + d.kernel.what + ")";
    else if (r && r->inKernel)
      out += "in the kernel, " + seconds(r->kernelLeftMs) + " left";
    else
      out += "NOT in the kernel";
    auto until = feeder.heldUntil(e);
    if (until)
      out += "; held until " + isoSeconds(wall + (*until - now) * 1000) + " (" +
             seconds(*until - now) + ")";
    else
      out += "; not held (expired, flushed or never admitted)";
    out += "\n";
  }
  return out;
}

}  // namespace orchard
