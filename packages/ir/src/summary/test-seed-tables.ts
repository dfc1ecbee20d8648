/**
 * The summary tables as the assignment's notebook shows them (its Keras and PyTorch cells), copied
 * byte for byte from the assignment text. The notebook export dropped the "=" rule lines and cut
 * each table off part-way: the last line of each is a prefix of the full line.
 */

/** Keras 2.x `model.summary()` of the notebook's Sequential model, as far as the assignment shows it. */
export const seedKerasTable: readonly string[] = [
  "Model: \"sequential\"",
  "_________________________________________________________________",
  " Layer (type)                Output Shape              Param #   ",
  " conv2d (Conv2D)             (None, 55, 55, 96)        34944     ",
  "                                                                 ",
  " max_pooling2d (MaxPooling2D  (None, 27, 27, 96)       0         ",
  " )                                                               ",
  "                                                                 ",
  " batch_normalization (BatchN  (None, 27, 27, 96)       384       ",
  " ormalization)                                                   ",
  "                                                                 ",
  " conv2d_1 (Conv2D)           (None, 27, 27, 256)       614656    ",
  "                                                                 ",
  " max_pooling2d_1 (MaxPooling  (None, 13, 13, 256)      0         ",
  " 2D)                                                             ",
  "                                                        "
];

/** torchsummary's `summary(AlexNet(n_classes=1000), (3, 227, 227))`, as far as the assignment shows it. */
export const seedTorchTable: readonly string[] = [
  "----------------------------------------------------------------",
  "        Layer (type)               Output Shape         Param #",
  "            Conv2d-1           [-1, 96, 55, 55]          34,944",
  "              ReLU-2           [-1, 96, 55, 55]               0",
  "         MaxPool2d-3           [-1, 96, 27, 27]               0",
  "       BatchNorm2d-4           [-1, 96, 27, 27]             192",
  "            Conv2d-5          [-1, 256, 27, 27]         614,656",
  "              ReLU-6          [-1, 256, 27, 27]               0",
  "         MaxPool2d-7          [-1, 256, 13, 13]               0",
  "       BatchNorm2d-8          [-1, 256, 13, 13]             512",
  "            Conv2d-9          [-1, 384, 13, 13]         885,120",
  "             ReLU-10          [-1, 384, 13, 13]               0",
  "           Conv2d-11          [-1, 384, 13, 13]       1,327,488",
  "             ReLU-12          [-1, 384, 13, 13]               0",
  "           Conv2d-13          [-1, 256, 13, 13]         884,992",
  "             ReLU-14          [-1, 256,"
];
