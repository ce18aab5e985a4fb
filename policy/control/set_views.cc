/**
 * \file set_views.cc
 * Text and JSON pages of the set control commands (see control/set_views.hh).
 */
#include "policy/control/set_views.hh"

#include <chrono>
#include <map>

#include "policy/base/json.hh"
#include "policy/control/views.hh"

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
  out += "kernel " + std::to_string(d.kernelEntries) + ", shadow " +
         std::to_string(d.shadowElements) + ", " + std::to_string(d.differences()) +
         " difference(s)";
  if (d.differences())
    out += ": " + std::to_string(d.onlyShadow) + " missing in the kernel, " +
           std::to_string(d.onlyKernel) + " only in the kernel, " +
           std::to_string(d.timeoutDiffers) + " timeout(s) differ";
  return out + "\n";
}

std::string moreLine(const SetSpec& spec, const SetDiff& d) {
  if (!d.more) return "";
  return "  ... " + std::to_string(d.more) + " more (sets " + spec.name +
         " --elements --limit N)\n";
}

int64_t wallMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string setsText(const SetLayout& layout, const std::vector<SetDiff>& diffs, bool elements) {
  std::string out;
  for (const SetDiff& d : diffs) {
    const SetSpec& spec = layout.set(d.set);
    out += headline(spec, d, layout.isStatic(d.set));
    if (!elements) continue;
    for (const ElementRow& r : d.rows)
      out += "  " + toString(r.element, spec) + "  kernel " +
             (r.inKernel ? seconds(r.kernelLeftMs) : "-") + ", shadow " + seconds(r.shadowLeftMs) +
             flag(r.state) + "\n";
    out += moreLine(spec, d);
  }
  return out;
}

namespace {

void rowsJson(JsonWriter& w, const SetSpec& spec, const SetDiff& d) {
  w.key("elements").beginArray();
  for (const ElementRow& r : d.rows) {
    w.beginObject().field("element", toString(r.element, spec)).field("in_kernel", r.inKernel);
    w.key("kernel_ms");
    r.kernelLeftMs ? w.value(*r.kernelLeftMs) : w.null();
    w.key("shadow_ms");
    r.shadowLeftMs ? w.value(*r.shadowLeftMs) : w.null();
    w.field("state", toString(r.state)).endObject();
  }
  w.endArray().field("more", static_cast<uint64_t>(d.more));
}

}  // namespace

std::string setsJson(const SetLayout& layout, const std::vector<SetDiff>& diffs, bool elements) {
  std::string out;
  JsonWriter w(out);
  w.beginArray();
  for (const SetDiff& d : diffs) {
    const SetSpec& spec = layout.set(d.set);
    w.beginObject().field("set", spec.name).field("kind", toString(spec.kind));
    w.field("present", d.kernel.ok()).field("error", d.kernel.what);
    w.field("kernel_entries", static_cast<uint64_t>(d.kernelEntries));
    w.field("shadow_elements", static_cast<uint64_t>(d.shadowElements));
    w.field("differences", static_cast<uint64_t>(d.differences()));
    w.field("missing_in_kernel", static_cast<uint64_t>(d.onlyShadow));
    w.field("only_in_kernel", static_cast<uint64_t>(d.onlyKernel));
    w.field("timeout_differs", static_cast<uint64_t>(d.timeoutDiffers));
    if (elements) rowsJson(w, spec, d);
    w.endObject();
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

namespace {

/** One "    SET ELEMENT: ..." line of `why`. */
std::string whyLine(const SetFeeder& feeder, const SetElement& e, const BackendResult& listed,
                    const std::optional<KernelElement>& k) {
  const SetSpec& spec = feeder.layout().set(e.set);
  std::string out = "    " + spec.name + " " + toString(e, spec) + ": ";
  if (!listed.ok())
    out += "set unreadable (" + listed.what + ")";
  else if (k)
    out += "in the kernel, " + seconds(k->expiresMs) + " left";
  else
    out += "NOT in the kernel";
  int64_t now = SetFeeder::nowMs();
  auto until = feeder.heldUntil(e);
  if (until)
    out += "; held until " + isoSeconds(wallMicros() + (*until - now) * 1000) + " (" +
           seconds(*until - now) + ")";
  else
    out += "; not held (expired, flushed or never admitted)";
  return out + "\n";
}

}  // namespace

std::string whyElementsText(const SetFeeder& feeder, const std::vector<SetElement>& elements) {
  if (elements.empty()) return "  elements: none (its rows are no longer in the catalog)\n";
  std::map<SetIndex, std::vector<SetElement>> bySet;  // one kernel listing per set
  for (const SetElement& e : elements) bySet[e.set].push_back(e);
  std::map<SetIndex, std::pair<BackendResult, std::vector<std::optional<KernelElement>>>> found;
  for (const auto& [set, wanted] : bySet) {
    auto& [listed, held] = found[set];
    listed = findInKernel(feeder, set, wanted, held);
  }
  std::map<SetIndex, size_t> next;
  std::string out = "  elements\n";
  for (const SetElement& e : elements) {
    const auto& [listed, held] = found.at(e.set);
    out += whyLine(feeder, e, listed, held[next[e.set]++]);
  }
  return out;
}

}  // namespace orchard
