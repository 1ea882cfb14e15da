/*
 * Host-side test of what the AHCI driver builds and believes
 * (minios/drivers/ahci_cmd.c): the LBA48 register FIS byte by byte, PRD
 * tables refused when a segment is odd, empty, too long or too many, and
 * IDENTIFY data from a disk without LBA48 or claiming more sectors than
 * 48-bit LBAs reach.
 */
#include <string.h>
#include "ahci_cmd.h"
#include "check.h"

static void test_fis(void)
{
	uint8_t f[20];

	memset(f, 0xff, sizeof(f));
	ahci_build_fis(f, 0x25, 0x0000123456789abcULL, 0x1234);
	CHECK_EQ(f[0], 0x27);
	CHECK_EQ(f[1], 0x80);
	CHECK_EQ(f[2], 0x25);
	CHECK_EQ(f[3], 0);
	CHECK_EQ(f[4], 0xbc);
	CHECK_EQ(f[5], 0x9a);
	CHECK_EQ(f[6], 0x78);
	CHECK_EQ(f[7], 0x40);
	CHECK_EQ(f[8], 0x56);
	CHECK_EQ(f[9], 0x34);
	CHECK_EQ(f[10], 0x12);
	CHECK_EQ(f[12], 0x34);
	CHECK_EQ(f[13], 0x12);
	CHECK_EQ(f[19], 0);
}

static void test_prdt(void)
{
	struct ahci_prd prdt[4];
	struct dma_seg segs[5] = {
		{ 0x1000, 4096 }, { 0x10000000, 512 }, { 0x7000, 2 },
		{ 0x9000, AHCI_PRD_MAX_BYTES }, { 0xa000, 512 },
	};
	struct dma_seg odd = { 0x1000, 511 }, empty = { 0x1000, 0 },
		       big = { 0x1000, AHCI_PRD_MAX_BYTES + 2 };

	CHECK_EQ(ahci_build_prdt(prdt, 4, segs, 4), 4);
	CHECK_EQ(prdt[0].dba, 0x1000);
	CHECK_EQ(prdt[0].dbc, 4095);
	CHECK_EQ(prdt[1].dba, 0x10000000);
	CHECK_EQ(prdt[2].dbc, 1);
	CHECK_EQ(prdt[3].dbc, AHCI_PRD_MAX_BYTES - 1);
	CHECK_EQ(ahci_build_prdt(prdt, 4, segs, 5), 0);	/* too many */
	CHECK_EQ(ahci_build_prdt(prdt, 4, segs, 0), 0);
	CHECK_EQ(ahci_build_prdt(prdt, 4, &odd, 1), 0);
	CHECK_EQ(ahci_build_prdt(prdt, 4, &empty, 1), 0);
	CHECK_EQ(ahci_build_prdt(prdt, 4, &big, 1), 0);
}

static void test_identify(void)
{
	uint16_t id[256] = { 0 };

	id[100] = 0x2000;	/* 0x122000 sectors */
	id[101] = 0x0012;
	CHECK_EQ(ata_identify_sectors(id), 0);		/* no LBA48 */
	id[83] = 1 << 10;
	CHECK_EQ(ata_identify_sectors(id), 0x122000);
	id[103] = 0xffff;				/* past 48 bits */
	CHECK_EQ(ata_identify_sectors(id), ATA_LBA48_SECTORS);
	memset(id, 0xff, sizeof(id));
	CHECK_EQ(ata_identify_sectors(id), ATA_LBA48_SECTORS);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_fis();
	test_prdt();
	test_identify();
	return check_summary(argv[0]);
}
