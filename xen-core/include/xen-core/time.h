/* System time (ns since boot), from the TSC calibrated against the PIT. */
#ifndef XEN_CORE_TIME_H
#define XEN_CORE_TIME_H

#include <xen-core/lib.h>

typedef int64_t s_time_t;

#define MILLISECS(ms)	((s_time_t)(ms) * 1000000)
#define MICROSECS(us)	((s_time_t)(us) * 1000)
#define SECONDS(s)	((s_time_t)(s) * 1000000000)

extern unsigned long cpu_khz;

void time_init(void);
s_time_t NOW(void);
void udelay(unsigned long us);
void mdelay(unsigned long ms);
/* Seconds since the epoch at system time 0, from the RTC. */
uint64_t boot_wallclock_sec(void);

/* TSC-to-ns scaling in Xen's (mul, shift) form. */
void time_scale(uint32_t *mul, int8_t *shift);
uint64_t tsc_at_boot(void);
/* System time at TSC value @tsc. */
s_time_t tsc_to_system_time(uint64_t tsc);

#endif
