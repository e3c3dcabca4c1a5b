"""segstream's PyTorch models: SegFormer in the Hugging Face key layout, label sets, export."""
