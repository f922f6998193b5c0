"""Neural style transfer with L-BFGS, as in the PyTorch tutorial: the closure zeroes,
computes the loss and backpropagates; `optimizer.step(closure)` evaluates it."""
import torch


def run_style_transfer(model, style_losses, content_losses, input_img, num_steps: int = 300,
                       style_weight: float = 1e6, content_weight: float = 1.0):
    input_img.requires_grad_(True)
    model.eval()
    model.requires_grad_(False)
    optimizer = torch.optim.LBFGS([input_img])
    run = [0]
    while run[0] <= num_steps:

        def closure():
            with torch.no_grad():
                input_img.clamp_(0, 1)
            optimizer.zero_grad()
            model(input_img)
            style_score = sum(sl.loss for sl in style_losses) * style_weight
            content_score = sum(cl.loss for cl in content_losses) * content_weight
            loss = style_score + content_score
            loss.backward()
            run[0] += 1
            return style_score + content_score

        optimizer.step(closure)
    with torch.no_grad():
        input_img.clamp_(0, 1)
    return input_img
