/**
 * \file callbacks.hh
 * The module's four inplace reply callbacks: how every answer Unbound sends
 * reaches the engine, before it leaves.
 *
 *   inplace_cb_reply          -> AnswerSource::resolved  (module chain ran)
 *   inplace_cb_reply_cache    -> AnswerSource::cache     (message cache hit:
 *                                the worker answers without the modules)
 *   inplace_cb_reply_local    -> AnswerSource::local     (local-zone, RPZ,
 *                                auth-zone)
 *   inplace_cb_reply_servfail -> AnswerSource::servfail
 *
 * They are registered through dynlibmod's wrapper (Unbound only calls
 * whitelisted function pointers; the wrapper's generic callback is one),
 * with the Engine as the callback argument: the module keeps no other state.
 * Unbound's workers call them concurrently; the engine is thread-safe.
 */
#pragma once

struct module_env;
struct dynlibmod_env;

namespace orchard {
class Engine;
}

namespace orchard::module {

/** Registers all four for module `id`; false (after logging) on failure,
 *  in which case the caller must call unregisterCallbacks. */
bool registerCallbacks(dynlibmod_env& de, module_env* env, int id, Engine* engine);
/** Removes every callback module `id` registered. */
void unregisterCallbacks(dynlibmod_env& de, module_env* env, int id);

}  // namespace orchard::module
