/*
 * AHCI (Serial ATA AHCI 1.3.1): the SATA disks of an HBA such as q35's
 * ICH9 (8086:2922).  Each port with an ATA disk gets one command slot
 * (blkdev gives us one request at a time), LBA48 DMA reads and writes
 * and FLUSH CACHE EXT.  ATAPI devices are listed and left alone.
 *
 * Completion is polled (the interrupt path comes with the hypervisor's
 * MSI support).  What the HBA and the disk report is checked: a command
 * that does not complete within COMMAND_TIMEOUT_NS, a task-file error,
 * or IDENTIFY data without LBA48 fails the request or the port.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minios/blkdev.h>
#include <minios/dma.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/pci.h>
#include <minios/sched.h>
#include <minios/time.h>
#include "ahci_cmd.h"

#define ABAR			5
#define HBA_CAP			0x00
#define  CAP_S64A		(1U << 31)
#define HBA_GHC			0x04
#define  GHC_AE			(1U << 31)
#define HBA_PI			0x0c
#define PORT_BASE(p)		(0x100 + 0x80 * (p))
#define PORT_CLB		0x00
#define PORT_CLBU		0x04
#define PORT_FB			0x08
#define PORT_FBU		0x0c
#define PORT_IS			0x10
#define  IS_TFES		(1U << 30)
#define PORT_CMD		0x18
#define  CMD_ST			(1U << 0)
#define  CMD_FRE		(1U << 4)
#define  CMD_FR			(1U << 14)
#define  CMD_CR			(1U << 15)
#define PORT_TFD		0x20
#define  TFD_ERR		0x01
#define  TFD_DRQ		0x08
#define  TFD_BSY		0x80
#define PORT_SIG		0x24
#define  SIG_ATA		0x00000101
#define  SIG_ATAPI		0xeb140101
#define PORT_SSTS		0x28
#define  SSTS_DET_PRESENT	3
#define PORT_SERR		0x30
#define PORT_CI			0x38

#define ATA_IDENTIFY		0xec
#define ATA_READ_DMA_EXT	0x25
#define ATA_WRITE_DMA_EXT	0x35
#define ATA_FLUSH_CACHE_EXT	0xea

#define NR_PORTS		32
#define PRDS			64	/* per command table */
#define COMMAND_TIMEOUT_NS	(30ULL * 1000 * 1000 * 1000)
#define STOP_TIMEOUT_NS		(500ULL * 1000 * 1000)

struct cmd_header {
	uint16_t flags;		/* FIS length in dwords, W (bit 6) */
	uint16_t prdtl;
	uint32_t prdbc;		/* bytes transferred, written by the HBA */
	uint64_t ctba;
	uint32_t reserved[4];
};

struct cmd_table {
	uint8_t cfis[64];
	uint8_t acmd[16];
	uint8_t reserved[48];
	struct ahci_prd prdt[PRDS];
};

/* One port's memory: the command list (1 KiB-aligned), then the
 * received-FIS area (256-aligned) in one page; the table in another. */
struct port_mem {
	struct cmd_header list[32];
	uint8_t fis[256];
};

struct ahci_port {
	volatile uint8_t *regs;
	struct port_mem *mem;
	struct cmd_table *table;
	int broken;
	char name[24];
};

_Static_assert(sizeof(struct port_mem) <= 4096, "port memory in a page");
_Static_assert(sizeof(struct cmd_table) <= 4096, "command table in a page");

static uint32_t rd(volatile uint8_t *regs, unsigned int off)
{
	return *(volatile uint32_t *)(regs + off);
}

static void wr(volatile uint8_t *regs, unsigned int off, uint32_t val)
{
	*(volatile uint32_t *)(regs + off) = val;
}

/* Wait until (register & mask) == want; 0, or -ETIMEDOUT. */
static int wait_reg(volatile uint8_t *regs, unsigned int off, uint32_t mask,
		    uint32_t want, uint64_t timeout_ns)
{
	uint64_t start = monotonic_ns(), pause = 20000;

	while ((rd(regs, off) & mask) != want) {
		if (monotonic_ns() - start > timeout_ns)
			return -ETIMEDOUT;
		sleep_until(monotonic_ns() + pause);
		if (pause < 1000000)
			pause *= 2;
	}
	return 0;
}

static int stop_port(struct ahci_port *p)
{
	wr(p->regs, PORT_CMD, rd(p->regs, PORT_CMD) & ~(CMD_ST | CMD_FRE));
	return wait_reg(p->regs, PORT_CMD, CMD_CR | CMD_FR, 0, STOP_TIMEOUT_NS);
}

static int start_port(struct ahci_port *p)
{
	uint64_t list = dma_addr(p->mem->list), fis = dma_addr(p->mem->fis);

	if (stop_port(p))
		return -EIO;
	wr(p->regs, PORT_CLB, (uint32_t)list);
	wr(p->regs, PORT_CLBU, list >> 32);
	wr(p->regs, PORT_FB, (uint32_t)fis);
	wr(p->regs, PORT_FBU, fis >> 32);
	p->mem->list[0].ctba = dma_addr(p->table);
	wr(p->regs, PORT_SERR, ~0U);
	wr(p->regs, PORT_IS, ~0U);
	wr(p->regs, PORT_CMD, rd(p->regs, PORT_CMD) | CMD_FRE);
	if (wait_reg(p->regs, PORT_TFD, TFD_BSY | TFD_DRQ, 0, STOP_TIMEOUT_NS))
		return -EIO;
	wr(p->regs, PORT_CMD, rd(p->regs, PORT_CMD) | CMD_ST);
	return 0;
}

static void fail_port(struct ahci_port *p, const char *why)
{
	printk("ahci %s: %s; port stopped\n", p->name, why);
	p->broken = 1;
	stop_port(p);
}

/* The PRD table for a buffer; 0 if it needs more entries than we have. */
static unsigned int build_prdt(struct cmd_table *t, void *buf, uint32_t bytes)
{
	struct dma_seg segs[PRDS];
	unsigned int n = dma_segments(buf, bytes, segs, PRDS);

	return ahci_build_prdt(t->prdt, PRDS, segs, n);
}

static int run_command(struct ahci_port *p, uint8_t command, uint64_t lba,
		       uint16_t count, void *buf, uint32_t bytes, int write)
{
	struct cmd_header *h = &p->mem->list[0];
	unsigned int prds = 0;
	uint32_t tfd;

	if (bytes && !(prds = build_prdt(p->table, buf, bytes)))
		return -EINVAL;
	ahci_build_fis(p->table->cfis, command, lba, count);
	h->flags = 5 | (write ? 1 << 6 : 0);	/* a 5-dword FIS */
	h->prdtl = prds;
	h->prdbc = 0;
	wr(p->regs, PORT_IS, ~0U);
	barrier();
	wr(p->regs, PORT_CI, 1);
	if (wait_reg(p->regs, PORT_CI, 1, 0, COMMAND_TIMEOUT_NS)) {
		fail_port(p, "command timed out");
		return -EIO;
	}
	tfd = rd(p->regs, PORT_TFD);
	if ((rd(p->regs, PORT_IS) & IS_TFES) || (tfd & TFD_ERR)) {
		printk("ahci %s: command %#x failed (status %#x, error %#x)\n",
		       p->name, command, tfd & 0xff, (tfd >> 8) & 0xff);
		/* The port stops on a task-file error: restart it. */
		if (start_port(p))
			fail_port(p, "does not restart after an error");
		return -EIO;
	}
	return 0;
}

static int request(struct ahci_port *p, uint8_t command, uint64_t lba,
		   uint16_t count, void *buf, uint32_t bytes, int write)
{
	return p->broken ? -EIO :
	       run_command(p, command, lba, count, buf, bytes, write);
}

static int ahci_io(void *priv, int write, uint64_t sector, void *buf,
		   uint32_t count)
{
	return request(priv, write ? ATA_WRITE_DMA_EXT : ATA_READ_DMA_EXT,
		       sector, count, buf, count * SECTOR_SIZE, write);
}

static int ahci_flush(void *priv)
{
	return request(priv, ATA_FLUSH_CACHE_EXT, 0, 0, NULL, 0, 0);
}

static const struct blkdev_ops ahci_ops = {
	.io = ahci_io,
	.flush = ahci_flush,
};

/* IDENTIFY DEVICE: the LBA48 capacity (0 if the disk lacks LBA48). */
static uint64_t identify(struct ahci_port *p)
{
	uint16_t *id = dma_alloc_page();
	uint64_t sectors = 0;

	if (!id)
		return 0;
	if (request(p, ATA_IDENTIFY, 0, 0, id, SECTOR_SIZE, 0) == 0)
		sectors = ata_identify_sectors(id);
	dma_free_page(id);
	return sectors;
}

static void free_port(struct ahci_port *p)
{
	if (p->mem)
		dma_free_page(p->mem);
	if (p->table)
		dma_free_page(p->table);
	free(p);
}

static int add_port(volatile uint8_t *abar, unsigned int nr, const char *hba)
{
	struct ahci_port *p = calloc(1, sizeof(*p));
	struct blkdev *disk;
	uint64_t sectors;

	if (!p)
		return -ENOMEM;
	p->regs = abar + PORT_BASE(nr);
	snprintf(p->name, sizeof(p->name), "%s port %u", hba, nr);
	p->mem = dma_alloc_page();
	p->table = dma_alloc_page();
	if (!p->mem || !p->table || start_port(p)) {
		printk("ahci %s: cannot start\n", p->name);
		stop_port(p);
		free_port(p);
		return -EIO;
	}
	sectors = identify(p);
	if (!sectors) {
		fail_port(p, "no LBA48 capacity in IDENTIFY");
		free_port(p);
		return -ENODEV;
	}
	/* A buffer may start mid-page: one PRD less than pages. */
	disk = blkdev_add_disk("sd", sectors, 0,
			       (PRDS - 1) * (PAGE_SIZE / SECTOR_SIZE), "ahci",
			       &ahci_ops, p);
	if (!disk) {
		stop_port(p);
		free_port(p);
		return -ENOMEM;
	}
	printk("ahci %s: %s, %llu sectors\n", p->name, disk->name,
	       (unsigned long long)sectors);
	return 0;
}

static int ahci_probe(struct pci_dev *dev)
{
	const struct pci_bar *bar = &dev->bar[ABAR];
	volatile uint8_t *abar;
	char hba[16];
	uint32_t pi, len;

	if (!bar->size || bar->io || bar->size < PORT_BASE(0))
		return -ENODEV;
	snprintf(hba, sizeof(hba), "%02x:%02x.%x", dev->bus,
		 PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
	pci_set_command(dev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	len = bar->size < PORT_BASE(NR_PORTS) ? bar->size : PORT_BASE(NR_PORTS);
	abar = map_machine(bar->addr, len, DOMID_IO, MAP_RW | MAP_UNCACHED);
	if (!abar)
		return -ENOMEM;
	wr(abar, HBA_GHC, rd(abar, HBA_GHC) | GHC_AE);
	if (!(rd(abar, HBA_CAP) & CAP_S64A))
		printk("ahci %s: 32-bit DMA only\n", hba);
	pi = rd(abar, HBA_PI);
	/* Only ports whose registers lie inside the BAR. */
	if (len < PORT_BASE(NR_PORTS))
		pi &= (1U << (len - PORT_BASE(0)) / 0x80) - 1;
	for (unsigned int nr = 0; nr < NR_PORTS; nr++) {
		volatile uint8_t *port = abar + PORT_BASE(nr);

		if (!(pi & (1U << nr)) ||
		    (rd(port, PORT_SSTS) & 0xf) != SSTS_DET_PRESENT)
			continue;
		if (rd(port, PORT_SIG) == SIG_ATAPI)
			printk("ahci %s port %u: ATAPI device, not used\n",
			       hba, nr);
		else
			add_port(abar, nr, hba);
	}
	dev->driver_data = (void *)abar;
	return 0;
}

static const struct pci_id ahci_ids[] = {
	{ 0x8086, 0x2922 },	/* ICH9 (q35) */
	{ 0, 0 },
};

const struct pci_driver ahci_driver = {
	.name = "ahci",
	.ids = ahci_ids,
	.probe = ahci_probe,
};
