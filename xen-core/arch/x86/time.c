/*
 * Time: the TSC, calibrated once against PIT channel 2, scaled to ns
 * with Xen's (mul, shift) fraction so guests and xen-core agree on the
 * system time; the wallclock at boot comes from the CMOS RTC.
 */
#include <xen-core/time.h>
#include <xen-core/console.h>
#include <xen-core/io.h>

#define PIT_HZ		1193182UL
#define CALIBRATE_MS	50

unsigned long cpu_khz;
static uint64_t boot_tsc;
static uint32_t tsc_mul;
static int8_t tsc_shift;
static uint64_t wallclock_at_boot;

static uint64_t calibrate_tsc_hz(void)
{
	unsigned long count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t start, end;

	/* Gate on, speaker off; channel 2, lobyte/hibyte, mode 0. */
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0);
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	start = rdtsc();
	while (!(inb(0x61) & 0x20))
		cpu_relax();
	end = rdtsc();
	return (end - start) * (1000 / CALIBRATE_MS);
}

/* mul/2^32 * 2^shift == 10^9 / tsc_hz, with mul/2^32 in [0.5, 1). */
static void compute_scale(uint64_t tsc_hz)
{
	const uint64_t ns_per_sec = 1000000000ULL;
	int shift = 0;

	while (tsc_hz > 2 * ns_per_sec) {
		tsc_hz >>= 1;
		shift--;
	}
	while (tsc_hz <= ns_per_sec) {
		tsc_hz <<= 1;
		shift++;
	}
	tsc_mul = (uint32_t)((ns_per_sec << 32) / tsc_hz);
	tsc_shift = (int8_t)shift;
}

static uint64_t scale_delta(uint64_t delta)
{
	if (tsc_shift < 0)
		delta >>= -tsc_shift;
	else
		delta <<= tsc_shift;
	return (uint64_t)(((unsigned __int128)delta * tsc_mul) >> 32);
}

s_time_t tsc_to_system_time(uint64_t tsc)
{
	return (s_time_t)scale_delta(tsc - boot_tsc);
}

s_time_t NOW(void)
{
	return tsc_to_system_time(rdtsc());
}

void udelay(unsigned long us)
{
	s_time_t end = NOW() + MICROSECS(us);

	while (NOW() < end)
		cpu_relax();
}

void mdelay(unsigned long ms)
{
	udelay(ms * 1000);
}

void time_scale(uint32_t *mul, int8_t *shift)
{
	*mul = tsc_mul;
	*shift = tsc_shift;
}

uint64_t tsc_at_boot(void)
{
	return boot_tsc;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int bcd_to_bin(uint8_t v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static uint64_t days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
	unsigned int era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

static uint64_t read_rtc_seconds(void)
{
	unsigned int sec, min, hour, day, mon, year;
	uint8_t status_b;

	while (cmos_read(0x0a) & 0x80)	/* update in progress */
		cpu_relax();
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	status_b = cmos_read(0x0b);
	if (!(status_b & 0x04)) {
		sec = bcd_to_bin(sec);
		min = bcd_to_bin(min);
		hour = bcd_to_bin(hour & 0x7f) | (hour & 0x80);
		day = bcd_to_bin(day);
		mon = bcd_to_bin(mon);
		year = bcd_to_bin(year);
	}
	if (!(status_b & 0x02) && (hour & 0x80))	/* 12-hour clock, PM */
		hour = ((hour & 0x7f) % 12) + 12;
	year += year < 70 ? 2000 : 1900;
	return days_from_civil(year, mon, day) * 86400 + hour * 3600 +
	       min * 60 + sec;
}

uint64_t boot_wallclock_sec(void)
{
	return wallclock_at_boot;
}

void time_init(void)
{
	uint64_t hz = calibrate_tsc_hz();

	boot_tsc = rdtsc();
	compute_scale(hz);
	cpu_khz = hz / 1000;
	wallclock_at_boot = read_rtc_seconds();
	printk("TSC: %lu.%03lu MHz, wallclock %lu s since the epoch\n",
	       cpu_khz / 1000, cpu_khz % 1000, wallclock_at_boot);
}
