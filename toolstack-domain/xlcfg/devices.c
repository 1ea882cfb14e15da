/*
 * The vif, vfb and pci spec strings: comma-separated key=value items
 * (xl-network-configuration(5), xl.cfg(5)'s vfb, xl-pci-configuration(5)),
 * each a table of fields plus the items a table cannot say.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"

#define FIELD(type_, key, kind, member, max) \
	{ key, kind, offsetof(type_, member), max }
#define NR(table) (sizeof(table) / sizeof((table)[0]))

/* vif: mac=, the trusted/untrusted flags and netdev (gatewaydev's old
 * name) besides its table. */

#define VIF(key, kind, member, max) \
	FIELD(struct xl_vif, key, kind, member, max)
static const struct spec_field vif_fields[] = {
	VIF("bridge", SPEC_STRING, bridge, 0),
	VIF("ip", SPEC_STRING, ip, 0),
	VIF("script", SPEC_STRING, script, 0),
	VIF("model", SPEC_STRING, model, 0),
	VIF("vifname", SPEC_STRING, vifname, 0),
	VIF("rate", SPEC_STRING, rate, 0),
	VIF("type", SPEC_STRING, type, 0),
	VIF("backend", SPEC_STRING, backend, 0),
	VIF("gatewaydev", SPEC_STRING, gatewaydev, 0),
	VIF("netdev", SPEC_STRING, gatewaydev, 0),
	VIF("mtu", SPEC_UINT, mtu, 65535),
	VIF("devid", SPEC_INT, devid, INT_MAX),
};

static int vif_special(struct xlcfg_ctx *ctx, unsigned int line,
		       const char *what, void *object,
		       const struct spec_param *p)
{
	struct xl_vif *vif = object;
	const char *mac;

	if (!p->value && (spec_key_is(p, "trusted") ||
			  spec_key_is(p, "untrusted"))) {
		vif->untrusted = spec_key_is(p, "untrusted");
		return 1;
	}
	if (!spec_key_is(p, "mac"))
		return 0;
	mac = spec_value(ctx, p);
	if (!mac)
		return -1;
	if (!xlcfg_parse_mac(mac, vif->mac)) {
		xlcfg_error(ctx, line, "%s: mac: '%s' is not six hex bytes"
			    " separated by ':'", what, mac);
		return -1;
	}
	vif->has_mac = true;
	return 1;
}

bool xlcfg_parse_vif(struct xlcfg_ctx *ctx, unsigned int line,
		     const char *what, const char *spec, struct xl_vif *vif)
{
	*vif = (struct xl_vif){ .devid = -1 };
	return spec_parse(ctx, line, what, spec, vif_fields, NR(vif_fields),
			  vif_special, false, vif);
}

/* vfb: xm's type=vnc|sdl besides the table. */

#define VFB(key, kind, member, max) \
	FIELD(struct xl_vfb, key, kind, member, max)
static const struct spec_field vfb_fields[] = {
	VFB("vnc", SPEC_BOOL, vnc, 0),
	VFB("sdl", SPEC_BOOL, sdl, 0),
	VFB("opengl", SPEC_BOOL, opengl, 0),
	VFB("vncunused", SPEC_BOOL, vncunused, 0),
	VFB("vnclisten", SPEC_STRING, vnclisten, 0),
	VFB("vncpasswd", SPEC_STRING, vncpasswd, 0),
	VFB("vncdisplay", SPEC_INT, vncdisplay, 65535 - 5900),
	VFB("keymap", SPEC_STRING, keymap, 0),
	VFB("display", SPEC_STRING, display, 0),
	VFB("xauthority", SPEC_STRING, xauthority, 0),
};

static int vfb_special(struct xlcfg_ctx *ctx, unsigned int line,
		       const char *what, void *object,
		       const struct spec_param *p)
{
	struct xl_vfb *vfb = object;

	if (!spec_key_is(p, "type") || !p->value)
		return 0;
	if (p->value_len == 3 && !memcmp(p->value, "vnc", 3))
		vfb->vnc = true;
	else if (p->value_len == 3 && !memcmp(p->value, "sdl", 3))
		vfb->sdl = true;
	else {
		xlcfg_error(ctx, line, "%s: type: '%.*s' is neither vnc nor"
			    " sdl", what, (int)p->value_len, p->value);
		return -1;
	}
	return 1;
}

bool xlcfg_parse_vfb(struct xlcfg_ctx *ctx, unsigned int line,
		     const char *what, const char *spec, struct xl_vfb *vfb)
{
	*vfb = (struct xl_vfb){ .vncdisplay = -1 };
	return spec_parse(ctx, line, what, spec, vfb_fields, NR(vfb_fields),
			  vfb_special, false, vfb);
}

/* pci: the BDF (positional, or bdf=), with @VSLOT, and vslot= always in
 * hex (0x optional). */

#define PCI(key, kind, member, max) \
	FIELD(struct xl_pci, key, kind, member, max)
static const struct spec_field pci_fields[] = {
	PCI("permissive", SPEC_BOOL, permissive, 0),
	PCI("msitranslate", SPEC_BOOL, msitranslate, 0),
	PCI("seize", SPEC_BOOL, seize, 0),
	PCI("power_mgmt", SPEC_BOOL, power_mgmt, 0),
	PCI("rdm_policy", SPEC_STRING, rdm_policy, 0),
	PCI("name", SPEC_STRING, name, 0),
};

/* Up to 'max_digits' hex digits, at least one, ending at 'stop'. */
static const char *read_hex(const char *s, int max_digits, char stop,
			    unsigned int *value)
{
	int n = 0;

	*value = 0;
	for (; n < max_digits && s[n] && s[n] != stop; n++) {
		int d = xlcfg_hex_digit((unsigned char)s[n]);

		if (d < 0)
			return NULL;
		*value = *value << 4 | (unsigned int)d;
	}
	return n && s[n] == stop ? s + n + 1 : NULL;
}

/* [DDDD:]BB:DD.F[@VSLOT], F a digit 0-7 or '*'. */
static bool parse_bdf(const char *s, struct xl_pci *pci)
{
	unsigned int a, b, dev, vslot;
	const char *rest, *next, *func;

	rest = read_hex(s, 4, ':', &a);
	if (!rest)
		return false;
	next = read_hex(rest, 2, ':', &b);
	if (next) {			/* a domain came first */
		pci->domain = (uint16_t)a;
		a = b;
		rest = next;
	}
	if (a > 0xff)
		return false;
	pci->bus = (uint8_t)a;
	func = read_hex(rest, 2, '.', &dev);
	if (!func || dev > 0x1f)
		return false;
	pci->dev = (uint8_t)dev;
	if (*func == '*')
		pci->all_functions = true;
	else if (*func >= '0' && *func <= '7')
		pci->func = (uint8_t)(*func - '0');
	else
		return false;
	pci->has_bdf = true;
	if (func[1] == '\0')
		return true;
	if (func[1] != '@' || !read_hex(func + 2, 2, '\0', &vslot) ||
	    vslot > 0x1f)
		return false;
	pci->vslot = (int)vslot;
	return true;
}

static int pci_special(struct xlcfg_ctx *ctx, unsigned int line,
		       const char *what, void *object,
		       const struct spec_param *p)
{
	struct xl_pci *pci = object;
	unsigned int vslot;
	const char *text;

	if (p->value && !spec_key_is(p, "bdf") && !spec_key_is(p, "vslot"))
		return 0;
	text = spec_value(ctx, p);
	if (!text)
		return -1;
	if (spec_key_is(p, "vslot") && p->value) {
		const char *digits = strncmp(text, "0x", 2) ? text : text + 2;

		if (read_hex(digits, 2, '\0', &vslot) && vslot <= 0x1f) {
			pci->vslot = (int)vslot;
			return 1;
		}
		xlcfg_error(ctx, line, "%s: vslot: '%s' is not a slot (hex,"
			    " 0-1f)", what, text);
		return -1;
	}
	if (parse_bdf(text, pci))
		return 1;
	xlcfg_error(ctx, line, "%s: '%s' is not a PCI address"
		    " [DDDD:]BB:DD.F[@VSLOT]", what, text);
	return -1;
}

bool xlcfg_parse_pci(struct xlcfg_ctx *ctx, unsigned int line,
		     const char *what, const char *spec, struct xl_pci *pci)
{
	*pci = (struct xl_pci){ .vslot = -1 };
	if (!spec_parse(ctx, line, what, spec, pci_fields, NR(pci_fields),
			pci_special, true, pci))
		return false;
	if (pci->has_bdf || pci->name)
		return true;
	xlcfg_error(ctx, line, "%s: no PCI address (BB:DD.F)", what);
	return false;
}
