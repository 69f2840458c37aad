/** The demo post the product was designed from: a real article with WordPress's "Leave A Reply" form under it. */
export const DEMO_POST = {
  id: 'japan-us-defence',
  site: { name: 'Just Another WordPress Site', tagline: 'Just another WordPress site' },
  title: 'Japan and the United States Have Sent a Warning to China, Promising to Work Together More on Defence',
  paragraphs: [
    'On Friday, the US and Japan expressed deep worry about China’s rising power and committed to working together to counter attempts to destabilize the area, particularly increasing defense threats.',
    'The two allies’ remarks, made in a joint statement following a virtual “two-plus-two” meeting of their foreign and defense ministers, underline how growing concern about China – and rising tensions over Taiwan – has heightened Japan’s security responsibility.',
    'The ministers voiced worry at their meeting that China’s efforts to “undermine the rules-based system” posed “political, economic, military, and technical risks to the region and the globe,” according to the joint statement.',
    '“They agreed to cooperate to dissuade and, if required, respond to destabilizing actions in the area,” the statement stated.',
    'The ministers also expressed “severe and persistent concerns” about human rights violations in China’s Xinjiang and Hong Kong areas, as well as the need of maintaining peace and stability across the Taiwan Strait.',
    'While Japan’s pacifist government maintains tight economic connections with China, Tokyo is growing concerned about Beijing’s possible action against democratic Taiwan.',
    '“This is obviously a joint message reflecting a common concern, not a case of US arm-twisting to get Japan to sign onto vague euphemisms,” said Daniel Russel, who served as Obama’s top Asian diplomat and now works for the Asia Society Policy Institute.',
    'Earlier this week, US Secretary of State Antony Blinken said that the two nations will sign a new defense cooperation agreement to combat emerging threats like hypersonics and space-based capabilities.',
    'Hornung stated, “There is no coded messaging here.” “China is the problem,” they added, before going into detail about how the alliance plans to oppose its destabilizing efforts.',
  ],
} as const;
