/**
 * \file set_views.hh
 * How the set control commands show sets to people and scripts: `sets`
 * (each set's counts, kernel beside shadow table; with --elements its
 * elements, differences flagged, up to a limit) and the elements part of `why ADDRESS` (each
 * element the layout assigns the address: in the kernel or not, held until when). Kept apart from
 * the dispatch (control/set_commands.cc) so the formats stay small.
 */
#pragma once

#include <string>
#include <vector>

#include "policy/catalog/catalog.hh"
#include "policy/control/set_diff.hh"
#include "policy/log/address_provenance.hh"

namespace orchard {

/** The `sets` page for the given diffs (text, or a JSON array); their rows
 *  only when `elements` (`sets --elements`). */
std::string setsText(const SetLayout& layout, const std::vector<SetDiff>& diffs, bool elements);
std::string setsJson(const SetLayout& layout, const std::vector<SetDiff>& diffs, bool elements);

/** The elements `p`'s rows (looked up in `catalog` by section and
 *  pattern) assign to `p.address`, without duplicates. */
std::vector<SetElement> elementsOf(const SetLayout& layout, const Catalog& catalog,
                                   const Provenance& p);
/** "  elements" lines of `why`: each element, in the kernel or not, until when. */
std::string whyElementsText(const SetFeeder& feeder, const std::vector<SetElement>& elements);

}  // namespace orchard
