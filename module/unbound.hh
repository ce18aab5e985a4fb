/**
 * \file unbound.hh
 * The one place the module includes Unbound's internal (C) headers.
 *
 * The module is compiled against a configured Unbound source tree of the
 * same version as the running daemon (configure --with-unbound-source=DIR),
 * because it reads Unbound's structures directly: query_info, reply_info,
 * packed rrsets, comm_reply. Those headers are C: they go inside
 * extern "C", after the tree's config.h, which they all assume.
 *
 * util/netevent.h forward-declares `enum listen_type`, which C allows and
 * C++ does not; the module never uses that enum (it only appears in
 * prototypes of functions the module does not call), so it is declared here
 * with a fixed underlying type first.
 */
#pragma once

#include "config.h"

extern "C" {
enum listen_type : unsigned int;
#include "dynlibmod/dynlibmod.h"
#include "services/localzone.h"
#include "sldns/rrdef.h"
#include "util/data/msgparse.h"
#include "util/data/msgreply.h"
#include "util/data/packed_rrset.h"
#include "util/log.h"
#include "util/module.h"
#include "util/net_help.h"
#include "util/netevent.h"
}
