/* AHCI command tables and IDENTIFY data (see ahci_cmd.h). */
#include <string.h>
#include "ahci_cmd.h"

#define FIS_TYPE_H2D		0x27
#define FIS_H2D_COMMAND		0x80
#define ATA_DEVICE_LBA		0x40
#define ID_COMMAND_SET_2	83
#define  ID_LBA48		(1 << 10)
#define ID_LBA48_CAPACITY	100	/* four words, least significant first */

void ahci_build_fis(uint8_t *f, uint8_t command, uint64_t lba, uint16_t count)
{
	memset(f, 0, 20);
	f[0] = FIS_TYPE_H2D;
	f[1] = FIS_H2D_COMMAND;
	f[2] = command;
	f[4] = lba;
	f[5] = lba >> 8;
	f[6] = lba >> 16;
	f[7] = ATA_DEVICE_LBA;
	f[8] = lba >> 24;
	f[9] = lba >> 32;
	f[10] = lba >> 40;
	f[12] = count;
	f[13] = count >> 8;
}

unsigned int ahci_build_prdt(struct ahci_prd *prdt, unsigned int max,
			     const struct dma_seg *segs, unsigned int n)
{
	if (!n || n > max)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		if (!segs[i].len || segs[i].len > AHCI_PRD_MAX_BYTES ||
		    (segs[i].len & 1))
			return 0;
		prdt[i] = (struct ahci_prd){ .dba = segs[i].addr,
					     .dbc = segs[i].len - 1 };
	}
	return n;
}

uint64_t ata_identify_sectors(const uint16_t *id)
{
	uint64_t sectors = 0;

	if (!(id[ID_COMMAND_SET_2] & ID_LBA48))
		return 0;
	for (int w = 3; w >= 0; w--)
		sectors = sectors << 16 | id[ID_LBA48_CAPACITY + w];
	return sectors < ATA_LBA48_SECTORS ? sectors : ATA_LBA48_SECTORS;
}
