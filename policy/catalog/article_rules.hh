/**
 * \file article_rules.hh
 * Which of the article's non-table rules (firewall, proxy, APNs with PAC)
 * apply to a name or an address. Used by explain/match output; the rules
 * are few, so a linear check is enough and nothing here is on a hot path.
 */
#pragma once

#include <vector>

#include "policy/base/address.hh"
#include "policy/base/dns_name.hh"
#include "policy/catalog/catalog.hh"

namespace orchard {

/** Whether one pattern ("apple.com" or "*.apple.com") covers `name`. */
bool patternCovers(std::string_view pattern, const DnsName& name);

/** Rules whose `applies` list covers the name; "catalog" covers any name
 *  that matched a catalog row (`matched`). */
std::vector<const Rule*> rulesFor(const Catalog& c, const DnsName& name, bool matched);
/** Rules with a block containing `addr`, or "catalog" ones when matched. */
std::vector<const Rule*> rulesFor(const Catalog& c, const Address& addr, bool matched);

}  // namespace orchard
