/*
 * Host-side test of the xl.cfg parser (toolstack-domain/xlcfg/).
 *
 *	xlcfg_test [XLEXAMPLE-DIR]
 *
 * XLEXAMPLE-DIR holds the example configs Debian's xen-utils-common ships
 * in /etc/xen (unpacked at test time).  Our own configs cover every key,
 * device spec form, error and warning.  Every text sits in a buffer of
 * exactly its length, without a NUL, so ASan reports any read past it;
 * every truncation and random bytes must parse or fail, never crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "read_file.h"
#include "../../toolstack-domain/xlcfg/xlcfg.h"

/* Parse 'text' from a copy of exactly its length. */
static int parse_n(const char *text, size_t len, struct xl_config **config)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		exit(2);
	memcpy(copy, text, len);
	rc = xlcfg_parse("demo.cfg", copy, len, config);
	free(copy);
	return rc;
}

static int parse(const char *text, struct xl_config **config)
{
	return parse_n(text, strlen(text), config);
}

/* Is 'text' among the config's messages? */
static bool said(const struct xl_config *c, const char *text)
{
	for (size_t i = 0; i < c->nr_messages; i++)
		if (!strcmp(c->messages[i].text, text))
			return true;
	for (size_t i = 0; i < c->nr_messages; i++)
		fprintf(stderr, "  said: %s\n", c->messages[i].text);
	return false;
}

#define MINIMAL "name = 'g'\nkernel = '/boot/vmlinuz'\n"

/* The config is an error with exactly this message among others. */
#define CHECK_ERROR(text, message)					\
	do {								\
		struct xl_config *c_;					\
		CHECK_EQ(parse(text, &c_), -EINVAL);			\
		CHECK(c_ && said(c_, message));				\
		xlcfg_free(c_);						\
	} while (0)

static const char full[] =
	"# a PV guest with one of everything\n"
	"name = \"web-1\"   # trailing comment\n"
	"uuid = '6a1b2c3d-4e5f-6789-abcd-ef0123456789'\n"
	"type = 'pv'; memory = 0x200 ; maxmem = 1024\n"
	"vcpus = 2\n"
	"maxvcpus = 010\n"
	"kernel = '/boot/vmlinuz-6.1.0-56-amd64'\n"
	"ramdisk = \"/boot/initrd.img-6.1.0-56-amd64\"\n"
	"root = '/dev/xvda1 ro'\n"
	"extra = \"console=hvc0 quote=\\\"x\\\"\"\n"
	"on_poweroff = 'destroy'\n"
	"on_reboot = \"rename-restart\"\n"
	"on_crash = 'coredump-restart'\n"
	"disk = [ 'phy:/dev/vg0/web-disk,xvda1,w',\n"
	"         # the data disk\n"
	"         'format=qcow2, vdev=xvdb, access=ro, target=/srv/a,b.img ',\n"
	"         '/root/image.iso,,hdc,cdrom',\n"
	"         ',hdc:cdrom,r',\n"
	"       ]\n"
	"vif = [ 'mac=00:16:3E:74:3d:76, bridge=xenbr0, ip=10.0.0.2,"
	" script=vif-bridge, model=e1000, vifname=web1, rate=10Mb/s@20ms',\n"
	"        '' ,]\n"
	"vfb = [ 'type=vnc, vncunused=1, vnclisten=0.0.0.0, vncdisplay=3,"
	" vncpasswd=s3cret, keymap=de' ]\n"
	"pci = [ '0000:03:00.1', '1a:1f.*@5,permissive=1,seize=1',"
	" 'bdf=00:19.0,vslot=0x1e,msitranslate=1,rdm_policy=relaxed' ]\n"
	"cpus = \"all\"\n";

static void check_full(void)
{
	struct xl_config *c;

	CHECK_EQ(parse(full, &c), 0);
	CHECK(!strcmp(c->name, "web-1"));
	CHECK(c->has_uuid && c->uuid[0] == 0x6a && c->uuid[15] == 0x89);
	CHECK_EQ(c->memory_mb, 512);
	CHECK_EQ(c->maxmem_mb, 1024);
	CHECK_EQ(c->vcpus, 2);
	CHECK_EQ(c->maxvcpus, 8);
	CHECK(!strcmp(c->ramdisk, "/boot/initrd.img-6.1.0-56-amd64"));
	CHECK(!strcmp(c->extra, "console=hvc0 quote=\"x\""));
	CHECK(!strcmp(c->guest_cmdline,
		      "root=/dev/xvda1 ro console=hvc0 quote=\"x\""));
	CHECK_EQ(c->on_poweroff.action, XL_ACTION_DESTROY);
	CHECK_EQ(c->on_reboot.action, XL_ACTION_RENAME_RESTART);
	CHECK(!strcmp(c->on_reboot.text, "rename-restart"));
	CHECK_EQ(c->on_crash.action, XL_ACTION_COREDUMP_RESTART);

	CHECK_EQ(c->nr_disks, 4);
	CHECK(!strcmp(c->disks[0].target, "/dev/vg0/web-disk"));
	CHECK(!strcmp(c->disks[0].vdev, "xvda1"));
	CHECK(!strcmp(c->disks[0].format, "raw"));
	CHECK(!c->disks[0].readonly && !c->disks[0].cdrom);
	CHECK(!strcmp(c->disks[1].target, "/srv/a,b.img "));
	CHECK(!strcmp(c->disks[1].format, "qcow2"));
	CHECK(c->disks[1].readonly);
	CHECK(c->disks[2].cdrom && c->disks[2].readonly);
	CHECK(!strcmp(c->disks[2].vdev, "hdc"));
	CHECK(c->disks[3].cdrom && !c->disks[3].target);

	CHECK_EQ(c->nr_vifs, 2);
	CHECK(c->vifs[0].has_mac && c->vifs[0].mac[2] == 0x3e &&
	      c->vifs[0].mac[5] == 0x76);
	CHECK(!strcmp(c->vifs[0].bridge, "xenbr0"));
	CHECK(!strcmp(c->vifs[0].ip, "10.0.0.2"));
	CHECK(!strcmp(c->vifs[0].script, "vif-bridge"));
	CHECK(!strcmp(c->vifs[0].model, "e1000"));
	CHECK(!strcmp(c->vifs[0].vifname, "web1"));
	CHECK(!strcmp(c->vifs[0].rate, "10Mb/s@20ms"));
	CHECK(!c->vifs[1].has_mac && !c->vifs[1].bridge);
	CHECK_EQ(c->vifs[1].devid, -1);

	CHECK_EQ(c->nr_vfbs, 1);
	CHECK(c->vfbs[0].vnc && c->vfbs[0].vncunused);
	CHECK(!strcmp(c->vfbs[0].vnclisten, "0.0.0.0"));
	CHECK_EQ(c->vfbs[0].vncdisplay, 3);
	CHECK(!strcmp(c->vfbs[0].vncpasswd, "s3cret"));
	CHECK(!strcmp(c->vfbs[0].keymap, "de"));

	CHECK_EQ(c->nr_pcis, 3);
	CHECK_EQ(c->pcis[0].bus, 3);
	CHECK_EQ(c->pcis[0].func, 1);
	CHECK_EQ(c->pcis[0].vslot, -1);
	CHECK_EQ(c->pcis[1].bus, 0x1a);
	CHECK_EQ(c->pcis[1].dev, 0x1f);
	CHECK(c->pcis[1].all_functions);
	CHECK_EQ(c->pcis[1].vslot, 5);
	CHECK(c->pcis[1].permissive && c->pcis[1].seize);
	CHECK_EQ(c->pcis[2].dev, 0x19);
	CHECK_EQ(c->pcis[2].vslot, 0x1e);
	CHECK(c->pcis[2].msitranslate);
	CHECK(!strcmp(c->pcis[2].rdm_policy, "relaxed"));

	/* Unknown keys are kept, with a warning. */
	CHECK_EQ(c->nr_errors, 0);
	CHECK(said(c, "demo.cfg:24: warning: unknown key 'cpus'"));
	CHECK(xlcfg_lookup(c, "cpus") && !xlcfg_lookup(c, "cpus")->known);
	CHECK(!strcmp(xlcfg_lookup(c, "cpus")->value->atom, "all"));
	CHECK(xlcfg_lookup(c, "vcpus")->known);
	xlcfg_free(c);
}

static void check_defaults_and_duplicates(void)
{
	struct xl_config *c;

	CHECK_EQ(parse(MINIMAL "memory = 256\nmemory = '384'\n"
		       "name = 'second'\ncmdline = 'quiet'\nextra = 'x'\n"
		       "bootloader = 'pygrub'\n", &c), 0);
	CHECK(!strcmp(c->name, "second"));	/* the last one wins */
	CHECK_EQ(c->memory_mb, 384);		/* a string, as xl takes */
	CHECK_EQ(c->maxmem_mb, 384);
	CHECK_EQ(c->vcpus, 1);
	CHECK_EQ(c->maxvcpus, 1);
	CHECK_EQ(c->on_reboot.action, XL_ACTION_RESTART);
	CHECK_EQ(c->on_crash.action, XL_ACTION_DESTROY);
	CHECK(!strcmp(c->guest_cmdline, "quiet"));
	CHECK(said(c, "demo.cfg: warning: root and extra are ignored when"
		   " cmdline is given"));
	CHECK(said(c, "demo.cfg:8: warning: bootloader: not supported,"
		   " ignored (give kernel= instead)"));
	CHECK_EQ(c->nr_settings, 6);
	xlcfg_free(c);

	CHECK_EQ(parse(MINIMAL "memory = 64\n", &c), 0);
	CHECK(!strcmp(c->guest_cmdline, ""));
	CHECK_EQ(c->nr_messages, 0);
	xlcfg_free(c);
}

static void check_errors(void)
{
	CHECK_ERROR(MINIMAL "#\n\n\n\nmemory = 'lots'\n",
		    "demo.cfg:7: memory: expected an integer");
	CHECK_ERROR(MINIMAL "memory = 0\n",
		    "demo.cfg:3: memory: 0 is out of range (1-16777216)");
	CHECK_ERROR(MINIMAL "memory = [ 1 ]\n",
		    "demo.cfg:3: memory: expected an integer, not a list");
	CHECK_ERROR(MINIMAL "vcpus = 99999\n",
		    "demo.cfg:3: vcpus: 99999 is out of range (1-4096)");
	CHECK_ERROR(MINIMAL "vcpus = 4\nmaxvcpus = 2\n",
		    "demo.cfg:4: maxvcpus: 2 is less than vcpus (4)");
	CHECK_ERROR(MINIMAL "memory = 512\nmaxmem = 256\n",
		    "demo.cfg:4: maxmem: 256 is less than memory (512)");
	CHECK_ERROR(MINIMAL "on_crash = 'explode'\n",
		    "demo.cfg:3: on_crash: unknown action 'explode'");
	CHECK_ERROR(MINIMAL "uuid = '1234'\n",
		    "demo.cfg:3: uuid: expected"
		    " XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX");
	CHECK_ERROR(MINIMAL "type = 'hvm'\n",
		    "demo.cfg:3: type: 'hvm' guests are not supported (only pv)");
	CHECK_ERROR(MINIMAL "builder = 'hvm'\n", "demo.cfg:3: builder:"
		    " 'hvm' guests are not supported (only generic)");
	CHECK_ERROR("kernel = '/k'\n",
		    "demo.cfg: name: missing (it is mandatory)");
	CHECK_ERROR("name = 'g'\n", "demo.cfg: kernel: missing (a PV guest"
		    " boots a kernel; bootloaders are not supported)");
	CHECK_ERROR(MINIMAL "disk = '/dev/sda,raw,xvda,rw'\n",
		    "demo.cfg:3: disk: expected a list of strings");
	CHECK_ERROR(MINIMAL "vif = [ [ 'bridge=x' ] ]\n",
		    "demo.cfg:3: vif[0]: expected a string, not a list");

	/* Syntax errors stop the parse. */
	CHECK_ERROR(MINIMAL "memory 512\n",
		    "demo.cfg:3: syntax error: expected '=' after the key");
	CHECK_ERROR(MINIMAL "name = 'unterminated\n",
		    "demo.cfg:3: syntax error: unterminated string");
	CHECK_ERROR(MINIMAL "name = \"a\\qb\"\n",
		    "demo.cfg:3: syntax error: unknown escape in a string");
	CHECK_ERROR(MINIMAL "memory = 12abc\n",
		    "demo.cfg:3: syntax error: bad number");
	CHECK_ERROR(MINIMAL "memory = 99999999999999999999\n",
		    "demo.cfg:3: syntax error: bad number");
	CHECK_ERROR(MINIMAL "name = value\n", "demo.cfg:3: syntax error:"
		    " expected a value (a number, a string or a list)");
	CHECK_ERROR(MINIMAL "vif = [ 'a'\n  'b' ]\n",
		    "demo.cfg:4: syntax error: expected ',' or ']' in a list");
	CHECK_ERROR(MINIMAL "vif = [ 'a',\n",
		    "demo.cfg:4: syntax error: expected a value (a number,"
		    " a string or a list)");
	CHECK_ERROR(MINIMAL "name = 'a' 'b'\n", "demo.cfg:3: syntax error:"
		    " expected the end of the line after the value");
	CHECK_ERROR(MINIMAL "= 3\n", "demo.cfg:3: syntax error: expected a key");
	CHECK_ERROR(MINIMAL "x = [[[[[[[[[ 1 ]]]]]]]]]\n",
		    "demo.cfg:3: syntax error: lists nested too deeply");
}

static void check_device_errors(void)
{
	CHECK_ERROR(MINIMAL "disk = [ '/dev/sda,raw' ]\n",
		    "demo.cfg:3: disk[0]: no vdev (the guest's device name)");
	CHECK_ERROR(MINIMAL "disk = [ ',,xvda' ]\n",
		    "demo.cfg:3: disk[0]: no target (only a cdrom may be empty)");
	CHECK_ERROR(MINIMAL "disk = [ '/dev/sda,raw,xvda,rx' ]\n",
		    "demo.cfg:3: disk[0]: access 'rx' is none of ro, r, rw, w");
	CHECK_ERROR(MINIMAL "disk = [ '/dev/sda,qcow3,xvda' ]\n",
		    "demo.cfg:3: disk[0]: unknown format 'qcow3'");
	CHECK_ERROR(MINIMAL "disk = [ 'vdev=xvda, /dev/sda, xvdb, xvdc' ]\n",
		    "demo.cfg:3: disk[0]: vdev given twice");
	CHECK_ERROR(MINIMAL "disk = [ '/a,raw,xvda,rw,extra' ]\n", "demo.cfg:3:"
		    " disk[0]: too many positional parameters at 'extra'");
	CHECK_ERROR(MINIMAL "disk = [ '/a,,xvda', 'colour=red,/b,,xvdb' ]\n",
		    "demo.cfg:3: disk[1]: unknown key 'colour'");
	CHECK_ERROR(MINIMAL "disk = [ '/a,,xvda,devtype=tape' ]\n",
		    "demo.cfg:3: disk[0]: devtype 'tape' is neither cdrom"
		    " nor disk");
	CHECK_ERROR(MINIMAL "vif = [ 'mac=00:16:3e:zz:00:01' ]\n",
		    "demo.cfg:3: vif[0]: mac: '00:16:3e:zz:00:01' is not six"
		    " hex bytes separated by ':'");
	CHECK_ERROR(MINIMAL "vif = [ 'mtu=ninety' ]\n",
		    "demo.cfg:3: vif[0]: mtu: expected a number");
	CHECK_ERROR(MINIMAL "vif = [ 'mtu=70000' ]\n",
		    "demo.cfg:3: vif[0]: mtu: 70000 is over 65535");
	CHECK_ERROR(MINIMAL "vfb = [ 'type=spice' ]\n",
		    "demo.cfg:3: vfb[0]: type: 'spice' is neither vnc nor sdl");
	CHECK_ERROR(MINIMAL "pci = [ '03:00' ]\n",
		    "demo.cfg:3: pci[0]: '03:00' is not a PCI address"
		    " [DDDD:]BB:DD.F[@VSLOT]");
	CHECK_ERROR(MINIMAL "pci = [ '03:20.0' ]\n",
		    "demo.cfg:3: pci[0]: '03:20.0' is not a PCI address"
		    " [DDDD:]BB:DD.F[@VSLOT]");
	CHECK_ERROR(MINIMAL "pci = [ '03:00.0,turbo=1' ]\n",
		    "demo.cfg:3: pci[0]: unknown key 'turbo'");
	CHECK_ERROR(MINIMAL "pci = [ 'seize=1' ]\n",
		    "demo.cfg:3: pci[0]: no PCI address (BB:DD.F)");
	CHECK_ERROR(MINIMAL "pci = [ '03:00.0,vslot=40' ]\n",
		    "demo.cfg:3: pci[0]: vslot: '40' is not a slot (hex, 0-1f)");
}

static void check_device_warnings(void)
{
	struct xl_config *c;

	CHECK_EQ(parse(MINIMAL "vif = [ 'bridge=br0,accel=on' ]\n"
		       "vfb = [ 'vnc=1,sdl=0,fullscreen=1' ]\n", &c), 0);
	CHECK(said(c, "demo.cfg:3: warning: vif[0]: unknown key 'accel'"
		   " ignored"));
	CHECK(said(c, "demo.cfg:4: warning: vfb[0]: unknown key"
		   " 'fullscreen' ignored"));
	CHECK_EQ(c->nr_vifs, 1);
	xlcfg_free(c);

	/* The deprecated disk prefixes. */
	CHECK_EQ(parse(MINIMAL "disk = [ 'tap:aio:/img/a.raw,xvda,w',"
		       " 'qcow2:/img/b.qcow2,xvdb,r', 'nbd:srv:1234,xvdc,w' ]\n",
		       &c), 0);
	CHECK_EQ(c->nr_disks, 3);
	CHECK(!strcmp(c->disks[0].target, "/img/a.raw"));
	CHECK(!strcmp(c->disks[1].format, "qcow2") && c->disks[1].readonly);
	CHECK(!strcmp(c->disks[2].target, "srv:1234"));
	CHECK(!strcmp(c->disks[2].script, "block-nbd"));
	xlcfg_free(c);
}

/* Every truncation and byte-level damage of a real config: no crash. */
static void check_fuzz(void)
{
	size_t len = strlen(full);
	struct xl_config *c;
	char *text = malloc(len);

	for (size_t cut = 0; cut <= len; cut++) {
		int rc = parse_n(full, cut, &c);

		CHECK(rc == 0 || rc == -EINVAL);
		xlcfg_free(c);
	}
	srand(7);
	for (int round = 0; round < 3000; round++) {
		static const char specials[] = "\"'[],;=#\\\n\0@:x0 ";

		memcpy(text, full, len);
		for (int n = 0; n < 1 + round % 5; n++)
			text[rand() % len] = round % 2 ?
				(char)rand() :
				specials[rand() % (sizeof(specials) - 1)];
		CHECK(parse_n(text, len, &c) != -ENOMEM);
		xlcfg_free(c);
	}
	for (int round = 0; round < 500; round++) {
		size_t n = (size_t)(rand() % 300);

		for (size_t i = 0; i < n; i++)
			text[i] = (char)rand();
		CHECK(parse_n(text, n, &c) != -ENOMEM);
		xlcfg_free(c);
	}
	free(text);
}

static char *read_file(const char *dir, const char *name, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return read_whole_file(path, len);
}

/* An example that must fail, saying 'message' among others. */
static void check_refused(const char *dir, const char *name,
			  const char *message)
{
	struct xl_config *c;
	size_t len;
	char *text = read_file(dir, name, &len);

	CHECK_EQ(xlcfg_parse(name, text, len, &c), -EINVAL);
	CHECK(said(c, message));
	xlcfg_free(c);
	free(text);
}

/* Debian's /etc/xen examples: the PV one parses, HVM and PVH are refused. */
static void check_debian_examples(const char *dir)
{
	struct xl_config *c;
	size_t len;
	char *text = read_file(dir, "xlexample.pvlinux", &len);

	CHECK_EQ(xlcfg_parse("xlexample.pvlinux", text, len, &c), 0);
	CHECK(!strcmp(c->name, "example.pvlinux"));
	CHECK(!strcmp(c->kernel, "/boot/vmlinuz"));
	CHECK(!strcmp(c->guest_cmdline, "root=/dev/xvda1"));
	CHECK_EQ(c->memory_mb, 128);
	CHECK_EQ(c->vcpus, 2);
	CHECK_EQ(c->nr_vifs, 1);
	CHECK_EQ(c->nr_disks, 1);
	CHECK(!strcmp(c->disks[0].target, "/dev/vg/guest-volume"));
	CHECK(!strcmp(c->disks[0].vdev, "xvda"));
	CHECK_EQ(c->nr_messages, 0);
	xlcfg_free(c);
	free(text);

	check_refused(dir, "xlexample.hvm", "xlexample.hvm:9: type: 'hvm'"
		      " guests are not supported (only pv)");
	check_refused(dir, "xlexample.hvm", "xlexample.hvm:46: warning:"
		      " unknown key 'sdl'");
	check_refused(dir, "xlexample.pvhlinux", "xlexample.pvhlinux:9: type:"
		      " 'pvh' guests are not supported (only pv)");
}

int main(int argc, char **argv)
{
	check_full();
	check_defaults_and_duplicates();
	check_errors();
	check_device_errors();
	check_device_warnings();
	check_fuzz();
	if (argc > 1)
		check_debian_examples(argv[1]);
	return check_summary(argv[0]);
}
