import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from "@aws-sdk/client-s3";
import { MAX_PARTS, MiB } from "./s3-store-options.ts";

/** One file to upload in parts. */
export interface MultipartUpload {
  readonly bucket: string;
  readonly key: string;
  readonly file: FileHandle;
  readonly bytes: number;
  readonly metadata: Record<string, string>;
  /** Bytes per part; grown (in whole MiB) if the file would need more than 10,000 parts. */
  readonly partSize: number;
  /** Parts in flight at once; each holds one part-sized buffer. */
  readonly concurrency: number;
}

/** The part size for a file of `bytes`: `wanted`, or larger so that 10,000 parts hold it. */
export function partSizeFor(bytes: number, wanted: number): number {
  return Math.max(wanted, Math.ceil(bytes / MAX_PARTS / MiB) * MiB);
}

/** The base64 MD5 of `data`: S3 checks each part against it, so damage on the wire is refused. */
export const contentMd5 = (data: Uint8Array) => createHash("md5").update(data).digest("base64");

/** Reads exactly `length` bytes at `position` into `buffer`; a file that ends early is an error. */
async function readExactly(file: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  for (let done = 0; done < length; ) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`the file ended at byte ${position + done} while it was uploaded; it changed after it was written`);
    done += bytesRead;
  }
}

/**
 * Uploads a file with CreateMultipartUpload, UploadPart and CompleteMultipartUpload. Parts are
 * read from the file into `concurrency` reused buffers, so memory stays at `concurrency × partSize`
 * whatever the file's size. On any failure the upload is aborted (S3 keeps no orphan parts) and
 * the first error is thrown.
 */
export async function uploadInParts(client: S3Client, upload: MultipartUpload): Promise<void> {
  const { bucket: Bucket, key: Key } = upload;
  const partSize = partSizeFor(upload.bytes, upload.partSize);
  const count = Math.max(1, Math.ceil(upload.bytes / partSize));
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, Metadata: upload.metadata }));
  const UploadId = created.UploadId;
  if (UploadId === undefined) throw new Error("S3 answered CreateMultipartUpload without an upload id");
  const parts: CompletedPart[] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    const buffer = Buffer.allocUnsafe(Math.min(partSize, upload.bytes));
    while (!failed && next < count) {
      const index = next++;
      const position = index * partSize;
      const length = Math.min(partSize, upload.bytes - position);
      await readExactly(upload.file, buffer, length, position);
      const body = buffer.subarray(0, length);
      const PartNumber = index + 1;
      const { ETag } = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: body, ContentLength: length, ContentMD5: contentMd5(body) }));
      parts[index] = { ETag, PartNumber };
    }
  };
  try {
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(upload.concurrency, count) }, () =>
        worker().catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (rejected !== undefined) throw rejected.reason;
    await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw error;
  }
}
