/*
 * Command-line parsing.  Options are space separated "name", "no-name",
 * or "name=value"; names follow Xen's documentation so GRUB entries
 * written for Xen work unchanged.
 */
#include <xen-core/cmdline.h>

struct option_desc {
	const char *name;
	bool (*parse)(struct boot_options *opts, const char *val, size_t len,
		      bool negated);
};

void cmdline_defaults(struct boot_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	snprintf(opts->console, sizeof(opts->console), "com1");
	opts->com1.data_bits = 8;
	opts->com1.parity = 'n';
	opts->com1.stop_bits = 1;
	opts->loglvl = LOG_WARN;
	opts->guest_loglvl = LOG_WARN;
}

bool parse_size(const char *s, size_t len, unsigned long long *bytes)
{
	const char *end;
	unsigned long long v;
	int shift = 10;			/* no unit: KiB, as in Xen */

	if (!len || s[0] < '0' || s[0] > '9')
		return false;
	v = simple_strtoull(s, &end, 10);
	if ((size_t)(end - s) < len) {
		switch (*end) {
		case 'B': case 'b': shift = 0; break;
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		case 'T': case 't': shift = 40; break;
		default: return false;
		}
		end++;
	}
	if ((size_t)(end - s) != len || v > (~0ULL >> shift))
		return false;
	*bytes = v << shift;
	return true;
}

static bool parse_bool_value(const char *val, size_t len, bool *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
	static const char *const no[] = { "0", "no", "off", "false", "disable" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strlen(yes[i]) == len && !strncmp(val, yes[i], len)) {
			*out = true;
			return true;
		}
		if (strlen(no[i]) == len && !strncmp(val, no[i], len)) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* A bare "name" means true, "no-name" false, "name=<bool>" either. */
static bool parse_flag(bool *flag, const char *val, size_t len, bool negated)
{
	bool v = true;

	if (val && !parse_bool_value(val, len, &v))
		return false;
	*flag = negated ? !v : v;
	return true;
}

static bool opt_noreboot(struct boot_options *o, const char *v, size_t l, bool neg)
{
	return parse_flag(&o->noreboot, v, l, neg);
}

static bool opt_sync_console(struct boot_options *o, const char *v, size_t l,
			     bool neg)
{
	return parse_flag(&o->sync_console, v, l, neg);
}

static bool opt_test_syscall_breakpoint(struct boot_options *o, const char *v,
					size_t l, bool neg)
{
	return parse_flag(&o->test_syscall_breakpoint, v, l, neg);
}

static bool opt_test_dom0_pfn_shuffle(struct boot_options *o, const char *v,
				      size_t l, bool neg)
{
	return parse_flag(&o->test_dom0_pfn_shuffle, v, l, neg);
}

static bool opt_console(struct boot_options *o, const char *v, size_t l, bool neg)
{
	if (!v || neg || l >= sizeof(o->console))
		return false;
	memcpy(o->console, v, l);
	o->console[l] = '\0';
	return true;
}

/* "115200,8n1[,0x3f8[,irq]]" or "auto" for the speed. */
static bool opt_com1(struct boot_options *o, const char *v, size_t l, bool neg)
{
	struct serial_options s = o->com1;
	const char *end = v + l, *p;

	if (!v || neg)
		return false;
	if (l >= 4 && !strncmp(v, "auto", 4)) {
		s.baud = 0;
		p = v + 4;
	} else {
		s.baud = simple_strtoull(v, &p, 10);
		if (p == v || s.baud < 50 || s.baud > 115200 * 8)
			return false;
	}
	if (p < end && *p == ',') {
		p++;
		if (end - p < 3 || p[0] < '5' || p[0] > '8' ||
		    !strchr("noe", p[1]) || (p[2] != '1' && p[2] != '2'))
			return false;
		s.data_bits = p[0] - '0';
		s.parity = p[1];
		s.stop_bits = p[2] - '0';
		p += 3;
	}
	if (p < end && *p == ',') {
		const char *q;

		s.io_base = simple_strtoull(p + 1, &q, 0);
		if (q == p + 1 || s.io_base == 0 || s.io_base > 0xfff8)
			return false;
		p = q;
		if (p < end && *p == ',')	/* IRQ: we poll, accept it */
			for (p++; p < end && *p >= '0' && *p <= '9'; p++)
				;
	}
	if (p != end)
		return false;
	o->com1 = s;
	return true;
}

/* "<size>", "max:<size>", "min:<size>,max:<size>" (min is accepted). */
static bool opt_dom0_mem(struct boot_options *o, const char *v, size_t l, bool neg)
{
	const char *end = v + l;

	if (!v || neg)
		return false;
	while (v < end) {
		const char *comma = v;
		unsigned long long bytes;

		while (comma < end && *comma != ',')
			comma++;
		if (comma - v > 4 && !strncmp(v, "max:", 4)) {
			if (!parse_size(v + 4, comma - v - 4, &bytes))
				return false;
			o->dom0_mem_max_bytes = bytes;
		} else if (comma - v > 4 && !strncmp(v, "min:", 4)) {
			if (!parse_size(v + 4, comma - v - 4, &bytes))
				return false;
		} else {
			if (!parse_size(v, comma - v, &bytes))
				return false;
			o->dom0_mem_bytes = bytes;
		}
		v = comma < end ? comma + 1 : end;
	}
	return true;
}

static bool parse_log_level(const char *v, size_t l, enum log_level *lvl)
{
	static const char *const names[] = {
		[LOG_NONE] = "none", [LOG_ERR] = "error", [LOG_WARN] = "warning",
		[LOG_INFO] = "info", [LOG_DEBUG] = "debug", [LOG_ALL] = "all",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (strlen(names[i]) == l && !strncmp(v, names[i], l)) {
			*lvl = (enum log_level)i;
			return true;
		}
	}
	return false;
}

/* "<level>" or "<level>/<rate-limited level>"; we keep the first. */
static bool opt_loglvl_into(enum log_level *lvl, const char *v, size_t l, bool neg)
{
	const char *slash;
	enum log_level dummy;

	if (!v || neg)
		return false;
	for (slash = v; slash < v + l && *slash != '/'; slash++)
		;
	if (slash < v + l && !parse_log_level(slash + 1, v + l - slash - 1, &dummy))
		return false;
	return parse_log_level(v, slash - v, lvl);
}

static bool opt_loglvl(struct boot_options *o, const char *v, size_t l, bool neg)
{
	return opt_loglvl_into(&o->loglvl, v, l, neg);
}

static bool opt_guest_loglvl(struct boot_options *o, const char *v, size_t l,
			     bool neg)
{
	return opt_loglvl_into(&o->guest_loglvl, v, l, neg);
}

static bool opt_max_cpus(struct boot_options *o, const char *v, size_t l, bool neg)
{
	const char *end;
	unsigned long long n;

	if (!v || neg)
		return false;
	n = simple_strtoull(v, &end, 10);
	if (end != v + l || n == 0 || n > 4096)
		return false;
	o->max_cpus = (unsigned int)n;
	return true;
}

static const struct option_desc options[] = {
	{ "console", opt_console },
	{ "com1", opt_com1 },
	{ "dom0_mem", opt_dom0_mem },
	{ "noreboot", opt_noreboot },
	{ "sync_console", opt_sync_console },
	{ "loglvl", opt_loglvl },
	{ "guest_loglvl", opt_guest_loglvl },
	{ "maxcpus", opt_max_cpus },
	{ "nr_cpus", opt_max_cpus },
	{ "test_syscall_breakpoint", opt_test_syscall_breakpoint },
	{ "test_dom0_pfn_shuffle", opt_test_dom0_pfn_shuffle },
};

static void parse_one(const char *word, size_t len, struct boot_options *opts,
		      cmdline_complaint_fn complain)
{
	const char *eq = word, *val = NULL;
	size_t name_len, val_len = 0, i;
	bool negated = false;

	while (eq < word + len && *eq != '=')
		eq++;
	name_len = eq - word;
	if (eq < word + len) {
		val = eq + 1;
		val_len = word + len - val;
	}
	if (name_len > 3 && !strncmp(word, "no-", 3) && !val) {
		negated = true;
		word += 3;
		name_len -= 3;
	}
	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (strlen(options[i].name) != name_len ||
		    strncmp(options[i].name, word, name_len))
			continue;
		if (!options[i].parse(opts, val, val_len, negated))
			complain("bad value for option", word - (negated ? 3 : 0),
				 len);
		return;
	}
	complain("unknown option", word - (negated ? 3 : 0), len);
}

void cmdline_parse(const char *line, struct boot_options *opts,
		   cmdline_complaint_fn complain)
{
	while (*line) {
		const char *start;

		while (*line == ' ' || *line == '\t')
			line++;
		start = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
		if (line > start)
			parse_one(start, line - start, opts, complain);
	}
}
