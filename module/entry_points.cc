/**
 * \file entry_points.cc
 * The six functions Unbound's dynlib loader looks up by name (dlsym), and
 * the only symbols orchard.so exports: init, deinit, operate, inform_super,
 * clear, get_mem.
 *
 * Loaded with
 *   server:  module-config: "dynlib iterator"   (or "dynlib validator iterator")
 *   dynlib:  dynlib-file: "/usr/lib/.../orchard/orchard.so"
 * init() reads Orchard's own configuration: the file named by the
 * environment variable ORCHARD_CONF, else /etc/orchard/orchard.conf
 * (engine_config.hh describes it). A bad file makes init fail, with one
 * log line "orchard: FILE:LINE: what was expected, what was found", and
 * Unbound then refuses to start. init runs after Unbound dropped its
 * privileges, so the files must be readable by Unbound's user. Unbound
 * re-runs deinit and init on a reload (SIGHUP, unbound-control reload):
 * that re-reads the configuration; a bad file then stops Unbound too.
 *
 * The module does not take part in resolution: operate() hands every query
 * to the next module unchanged. It only watches answers, through inplace
 * reply callbacks (callbacks.hh). No exception crosses these functions.
 */
#include <memory>
#include <string>

#include "module/callbacks.hh"
#include "module/guard.hh"
#include "module/unbound.hh"
#include "policy/base/config_lexer.hh"
#include "policy/base/diag_log.hh"
#include "policy/control/commands.hh"
#include "policy/control/server.hh"
#include "policy/engine.hh"
#include "policy/log/outcome_log.hh"

#define ORCHARD_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using orchard::ControlServer;
using orchard::Engine;

/** What the module hosts between init and deinit: the engine, and its
 *  control channel (started here, as Unbound's daemon owns its remote
 *  control; declared last, so stopped first). */
struct Hosted {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<ControlServer> control;
};

dynlibmod_env& dynlibEnv(module_env* env, int id) {
  return *static_cast<dynlibmod_env*>(env->modinfo[id]);
}

/** Sends the engine's diagnostics (failed set writes, ...) to Unbound's
 *  log; log_err is thread-safe. Each line already says what failed. */
void routeDiagnostics() {
  orchard::setDiagSink([](std::string_view line) {
    log_err("orchard: %.*s", static_cast<int>(line.size()), line.data());
  });
}

/** Reads the configuration, builds the engine and its control channel,
 *  registers the callbacks. */
std::unique_ptr<Hosted> start(module_env* env, int id) {
  const std::string path = orchard::defaultConfigPath();
  auto hosted = std::make_unique<Hosted>();
  hosted->engine = std::make_unique<Engine>(orchard::loadEngineConfig(path));
  hosted->control = orchard::startControl(*hosted->engine);
  dynlibmod_env& de = dynlibEnv(env, id);
  if (!orchard::module::registerCallbacks(de, env, id, hosted->engine.get())) {
    orchard::module::unregisterCallbacks(de, env, id);
    return nullptr;
  }
  const orchard::EngineConfig& c = hosted->engine->config();
  verbose(VERB_OPS, "orchard: started from %s: catalog %s%s%s, log %s%s%s, log-queries %s",
          path.c_str(), c.catalog.c_str(), c.site.empty() ? "" : ", site ", c.site.c_str(),
          std::string(toString(c.log.destination)).c_str(),
          c.log.destination == orchard::LogDestination::file ? " " : "",
          c.log.destination == orchard::LogDestination::file ? c.log.file.c_str() : "",
          std::string(toString(c.log.queries)).c_str());
  return hosted;
}

/** One line in Unbound's log with the outcome log's counters. Lines still
 *  queued are written when the engine is destroyed, right after. */
void logSummary(const Engine& engine) {
  orchard::LogCounters c = engine.log().counters();
  log_info(
      "orchard: outcome log: %llu pushed, %llu dropped, %llu lost, %llu written, "
      "%llu queued at shutdown",
      static_cast<unsigned long long>(c.pushed), static_cast<unsigned long long>(c.dropped),
      static_cast<unsigned long long>(c.lost), static_cast<unsigned long long>(c.written),
      static_cast<unsigned long long>(c.queued));
}

}  // namespace

ORCHARD_EXPORT int init(module_env* env, int id) noexcept {
  dynlibmod_env& de = dynlibEnv(env, id);
  de.dyn_env = nullptr;
  try {
    routeDiagnostics();
    std::unique_ptr<Hosted> hosted = start(env, id);
    if (!hosted) return 0;
    de.dyn_env = hosted.release();
    return 1;
  } catch (const orchard::FileError& e) {
    log_err("orchard: %s", e.what());  // already "file:line: ..."
  } catch (const std::exception& e) {
    log_err("orchard: %s: %s", orchard::defaultConfigPath().c_str(), e.what());
  } catch (...) {
    log_err("orchard: start-up failed with an unknown exception");
  }
  return 0;
}

ORCHARD_EXPORT void deinit(module_env* env, int id) noexcept {
  dynlibmod_env& de = dynlibEnv(env, id);
  orchard::module::unregisterCallbacks(de, env, id);
  std::unique_ptr<Hosted> hosted(static_cast<Hosted*>(de.dyn_env));
  de.dyn_env = nullptr;
  if (!hosted) return;
  orchard::module::guarded("deinit", 0, [&] {
    hosted->control.reset();  // no command may read the engine past here
    logSummary(*hosted->engine);
    hosted.reset();  // stops the log writer after it wrote what is queued
    return 0;
  });
  orchard::setDiagSink(nullptr);  // back to stderr once the engine is gone
}

ORCHARD_EXPORT void operate(module_qstate* qstate, module_ev event, int id,
                            outbound_entry*) noexcept {
  if (event == module_event_new || event == module_event_pass)
    qstate->ext_state[id] = module_wait_module;  // on to the next module
  else if (event == module_event_moddone)
    qstate->ext_state[id] = module_finished;  // the next module is done
  else
    qstate->ext_state[id] = module_error;
}

ORCHARD_EXPORT void inform_super(module_qstate*, int, module_qstate*) noexcept {}

ORCHARD_EXPORT void clear(module_qstate*, int) noexcept {}

ORCHARD_EXPORT size_t get_mem(module_env*, int) noexcept { return 0; }
