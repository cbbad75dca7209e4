#include "Models.h"

namespace interlock {

static const CallModel Models[] = {
    // pthread mutexes (std::mutex, std::recursive_mutex, std::timed_mutex inline to these)
    {"pthread_mutex_lock", "__interlock_pthread_mutex_lock", ModelAction::Replace, false,
     "__interlock_mutex_lock_before", "__interlock_mutex_lock_after"},
    {"pthread_mutex_trylock", "__interlock_pthread_mutex_trylock", ModelAction::Replace, false},
    {"pthread_mutex_timedlock", "__interlock_pthread_mutex_timedlock", ModelAction::Replace, false},
    {"pthread_mutex_clocklock", "__interlock_pthread_mutex_clocklock", ModelAction::Replace, false},
    {"pthread_mutex_unlock", "__interlock_pthread_mutex_unlock", ModelAction::Replace, false,
     "__interlock_mutex_unlock_before", "__interlock_mutex_unlock_after",
     /*BeforeOnlyScheduled=*/true},
    // reader-writer locks (std::shared_mutex, std::shared_timed_mutex)
    {"pthread_rwlock_rdlock", "__interlock_pthread_rwlock_rdlock", ModelAction::Replace, false},
    {"pthread_rwlock_wrlock", "__interlock_pthread_rwlock_wrlock", ModelAction::Replace, false},
    {"pthread_rwlock_tryrdlock", "__interlock_pthread_rwlock_tryrdlock", ModelAction::Replace, false},
    {"pthread_rwlock_trywrlock", "__interlock_pthread_rwlock_trywrlock", ModelAction::Replace, false},
    {"pthread_rwlock_timedrdlock", "__interlock_pthread_rwlock_timedrdlock", ModelAction::Replace, false},
    {"pthread_rwlock_timedwrlock", "__interlock_pthread_rwlock_timedwrlock", ModelAction::Replace, false},
    {"pthread_rwlock_clockrdlock", "__interlock_pthread_rwlock_clockrdlock", ModelAction::Replace, false},
    {"pthread_rwlock_clockwrlock", "__interlock_pthread_rwlock_clockwrlock", ModelAction::Replace, false},
    {"pthread_rwlock_unlock", "__interlock_pthread_rwlock_unlock", ModelAction::Replace, false},
    // condition variables (std::condition_variable::wait_for/until inline to clockwait)
    {"pthread_cond_wait", "__interlock_pthread_cond_wait", ModelAction::Replace, false},
    {"pthread_cond_timedwait", "__interlock_pthread_cond_timedwait", ModelAction::Replace, false},
    {"pthread_cond_clockwait", "__interlock_pthread_cond_clockwait", ModelAction::Replace, false},
    {"pthread_cond_signal", "__interlock_pthread_cond_signal", ModelAction::Replace, false},
    {"pthread_cond_broadcast", "__interlock_pthread_cond_broadcast", ModelAction::Replace, false},
    // barriers; futex waits and wakes (libstdc++'s atomic waits, semaphores, latches and
    // barriers inline `syscall(SYS_futex, ...)`: only those calls are replaced)
    {"pthread_barrier_wait", "__interlock_pthread_barrier_wait", ModelAction::Replace, false},
    {"syscall", "__interlock_futex", ModelAction::ReplaceFutex, false},
    // threads
    {"pthread_create", "__interlock_pthread_create", ModelAction::Replace, true},
    {"pthread_join", "__interlock_pthread_join", ModelAction::Replace, false},
    {"pthread_detach", "__interlock_pthread_detach", ModelAction::Replace, false},
    {"_ZNSt6thread15_M_start_threadESt10unique_ptrINS_6_StateESt14default_deleteIS1_EEPFvvE",
     "__interlock_std_thread_start", ModelAction::Replace, true},
    {"_ZNSt6thread4joinEv", "__interlock_std_thread_join", ModelAction::Replace, false},
    {"_ZNSt6thread6detachEv", "__interlock_std_thread_detach", ModelAction::Replace, false},
    {"_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", "__interlock_std_cv_wait",
     ModelAction::Replace, false},
    {"_ZNSt18condition_variable10notify_oneEv", "__interlock_std_cv_notify_one",
     ModelAction::Replace, false},
    {"_ZNSt18condition_variable10notify_allEv", "__interlock_std_cv_notify_all",
     ModelAction::Replace, false},
    // scheduling points (std::this_thread::sleep_for / yield inline to these)
    {"nanosleep", "__interlock_nanosleep", ModelAction::Replace, false},
    {"usleep", "__interlock_usleep", ModelAction::Replace, false},
    {"sleep", "__interlock_sleep", ModelAction::Replace, false},
    {"sched_yield", "__interlock_sched_yield", ModelAction::Replace, false},
    // std::terminate from ~thread / thread::operator= (filtered by the caller)
    {"_ZSt9terminatev", "__interlock_terminate_joinable", ModelAction::HookBefore, false},
    // a failed assert(): the crash is then reported at the assert of the aborting thread
    {"__assert_fail", "__interlock_assert_fail", ModelAction::HookBefore, false},
};

const CallModel *findCallModel(llvm::StringRef Callee) {
  for (const CallModel &M : Models)
    if (M.Callee == Callee)
      return &M;
  return nullptr;
}

bool isJoinableThreadTerminator(llvm::StringRef LinkageName, llvm::StringRef Name) {
  return LinkageName.starts_with("_ZNSt6threadD") ||
         LinkageName.starts_with("_ZNSt6threadaSEOS_") ||
         (Name == "~thread") ;
}

} // namespace interlock
