/**
 * \file verify_targets.hh
 * The names `orchardctl verify` resolves: every catalog host once (a host
 * the article lists in two sections is one name with the union of the
 * rows' ports), and each wildcard through the sample labels its row keeps
 * (`*.push.apple.com` -> `1-courier.push.apple.com`, ...). Address blocks
 * have no name and are left out.
 */
#pragma once

#include <set>
#include <string>
#include <vector>

#include "policy/catalog/catalog.hh"

namespace orchard::ctl {

struct CheckTarget {
  std::string name;     // what is resolved
  std::string pattern;  // the catalog pattern it stands for
  std::set<Service> services;
};

/** In catalog order. `only`, when not empty, keeps the targets whose name
 *  or pattern is listed (case as in the catalog: lower). */
std::vector<CheckTarget> checkTargets(const Catalog& catalog, const std::vector<std::string>& only);

}  // namespace orchard::ctl
