/* xen-core's boot command line, in Xen's option spelling. */
#include <string.h>
#include <xen-core/cmdline.h>
#include "check.h"

static char complaints[1024];

static void record(const char *what, const char *opt, size_t len)
{
	size_t n = strlen(complaints);

	snprintf(complaints + n, sizeof(complaints) - n, "[%s:%.*s]", what,
		 (int)len, opt);
}

static struct boot_options parse(const char *line)
{
	struct boot_options o;

	complaints[0] = '\0';
	cmdline_defaults(&o);
	cmdline_parse(line, &o, record);
	return o;
}

static void test_grub_default_entry(void)
{
	struct boot_options o =
		parse("console=com1 com1=115200,8n1 dom0_mem=128M noreboot");

	CHECK(!strcmp(o.console, "com1"));
	CHECK_EQ(o.com1.baud, 115200);
	CHECK_EQ(o.com1.data_bits, 8);
	CHECK_EQ(o.com1.parity, 'n');
	CHECK_EQ(o.com1.stop_bits, 1);
	CHECK_EQ(o.dom0_mem_bytes, 128ULL << 20);
	CHECK(o.noreboot);
	CHECK(!o.sync_console);
	CHECK_EQ(complaints[0], '\0');
}

static void test_debug_options(void)
{
	struct boot_options o = parse("loglvl=all guest_loglvl=info/warning "
				      "sync_console maxcpus=2");

	CHECK_EQ(o.loglvl, LOG_ALL);
	CHECK_EQ(o.guest_loglvl, LOG_INFO);
	CHECK(o.sync_console);
	CHECK_EQ(o.max_cpus, 2);
	CHECK_EQ(complaints[0], '\0');
}

static void test_sizes(void)
{
	unsigned long long b;

	CHECK(parse_size("131072", 6, &b) && b == 131072ULL << 10); /* KiB */
	CHECK(parse_size("512M", 4, &b) && b == 512ULL << 20);
	CHECK(parse_size("2G", 2, &b) && b == 2ULL << 30);
	CHECK(parse_size("4096B", 5, &b) && b == 4096);
	CHECK(!parse_size("", 0, &b));
	CHECK(!parse_size("M", 1, &b));
	CHECK(!parse_size("12Q", 3, &b));
	CHECK(!parse_size("99999999999999999999T", 21, &b));
	CHECK_EQ(parse("dom0_mem=131072").dom0_mem_bytes, 128ULL << 20);
	CHECK_EQ(parse("dom0_mem=max:1G").dom0_mem_max_bytes, 1ULL << 30);
	CHECK_EQ(parse("dom0_mem=min:64M,max:1G,512M").dom0_mem_bytes,
		 512ULL << 20);
}

static void test_negation_and_booleans(void)
{
	CHECK(!parse("noreboot no-noreboot").noreboot);
	CHECK(parse("noreboot=yes").noreboot);
	CHECK(!parse("noreboot=0").noreboot);
	CHECK(parse("sync_console=on").sync_console);
}

/* Unknown or malformed options are reported and never fatal. */
static void test_bad_input_is_reported(void)
{
	struct boot_options o = parse("bogus=1 com1=9600,9z1 dom0_mem=lots "
				      "loglvl=loud console=com1");

	CHECK(strstr(complaints, "[unknown option:bogus=1]"));
	CHECK(strstr(complaints, "[bad value for option:com1=9600,9z1]"));
	CHECK(strstr(complaints, "[bad value for option:dom0_mem=lots]"));
	CHECK(strstr(complaints, "[bad value for option:loglvl=loud]"));
	CHECK_EQ(o.com1.baud, 0);		/* kept the default */
	CHECK_EQ(o.dom0_mem_bytes, 0);
	CHECK_EQ(o.loglvl, LOG_WARN);
	CHECK(!strcmp(o.console, "com1"));
}

static void test_serial_forms(void)
{
	struct boot_options o = parse("com1=57600,7e2,0x2f8,3");

	CHECK_EQ(o.com1.baud, 57600);
	CHECK_EQ(o.com1.data_bits, 7);
	CHECK_EQ(o.com1.parity, 'e');
	CHECK_EQ(o.com1.stop_bits, 2);
	CHECK_EQ(o.com1.io_base, 0x2f8);
	CHECK_EQ(parse("com1=auto").com1.baud, 0);
	parse("com1=115200,8n1,0x10000");
	CHECK(strstr(complaints, "bad value"));
}

static void test_whitespace(void)
{
	struct boot_options o = parse("  \tnoreboot   console=com1\t");

	CHECK(o.noreboot);
	CHECK_EQ(complaints[0], '\0');
	parse("");
	CHECK_EQ(complaints[0], '\0');
}

int main(int argc __attribute__((unused)), char **argv)
{
	test_grub_default_entry();
	test_debug_options();
	test_sizes();
	test_negation_and_booleans();
	test_bad_input_is_reported();
	test_serial_forms();
	test_whitespace();
	return check_summary(argv[0]);
}
